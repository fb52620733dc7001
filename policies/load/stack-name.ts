/**
 * Stacks are named `<env>-<concern>` (stacks/naming.ts); every stack of one environment is evaluated
 * together. A name without a concern (`bootstrap`, a plain `main.tf.json`) is its own environment.
 */
export function environmentOf(stack: string): string {
  const dash = stack.indexOf("-");
  return dash > 0 ? stack.slice(0, dash) : stack;
}
