import type { Matrix } from "./build";

/**
 * The matrix as JSON: `{"environments": [...], "production": [...], "controls": [{id, family, title, claim,
 * severity, implementation, status, evidence}], "backups": {"stores": [...], "buckets": [...]}}`.
 */
export function matrixJson(matrix: Matrix): string {
  const { environments, production, rows: controls, backups } = matrix;
  return `${JSON.stringify({ environments, production, controls, backups }, null, 2)}\n`;
}
