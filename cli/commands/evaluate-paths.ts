import { runCheck, type CheckOptions, type CheckReport } from "../../policies/engine/check";
import { waiversFor } from "../../policies/load/waivers";
import { loadInputs, type LoadedInput } from "../../policies/load/input";
import type { Io } from "../io";

/**
 * How `matrix` and `diff` evaluate, exactly as `check` does: the catalogue, the waivers file (the default one
 * is optional, a named one must exist) and today's date for waiver expiry.
 */
export function evaluationOptions(waiversFile: string | undefined, io: Io): CheckOptions {
  return {
    controls: io.catalogue,
    waivers: waiversFor(io.catalogue, io.today(), waiversFile),
    today: io.today(),
  };
}

/** Loads PATHs and evaluates them: what `matrix` publishes. */
export async function evaluatePaths(
  paths: readonly string[],
  waiversFile: string | undefined,
  io: Io,
): Promise<{ report: CheckReport; input: LoadedInput }> {
  const input = await loadInputs(paths);
  return { report: runCheck(input, evaluationOptions(waiversFile, io)), input };
}
