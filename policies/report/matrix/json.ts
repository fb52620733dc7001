import type { Matrix } from "./build";

/** The matrix as JSON: `{"environments": [...], "production": [...], "controls": [{id, family, title, claim, severity, implementation, status, evidence}]}`. */
export function matrixJson(matrix: Matrix): string {
  return `${JSON.stringify({ environments: matrix.environments, production: matrix.production, controls: matrix.rows }, null, 2)}\n`;
}
