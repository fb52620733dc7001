/**
 * How stacks and resources are named. The builder names them; the checker reads an environment back out of a
 * stack name. Both sides import these, so the convention is written once.
 */

/** Resource name prefix for one environment: `acme-prod`. */
export function envPrefix(env: { readonly organization: string; readonly name: string }): string {
  return `${env.organization}-${env.name}`;
}

/** Stack names are `<env>-<concern>`; every stack of one environment is evaluated together. */
export function stackName(environment: string, concern: string): string {
  return `${environment}-${concern}`;
}

/** The environment of a stack: its name up to the first dash. A name without a concern (`bootstrap`, a plain
 * `main.tf.json`) is its own environment. */
export function environmentOf(stack: string): string {
  const dash = stack.indexOf("-");
  return dash > 0 ? stack.slice(0, dash) : stack;
}
