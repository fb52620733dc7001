/**
 * Whether an environment is production, by its name: `prod` or `production` (any case). Controls that ask
 * more of production (locked retention of backups and audit logs) share this one rule.
 */
export function isProductionEnvironment(environment: string): boolean {
  return /^(prod|production)$/i.test(environment);
}
