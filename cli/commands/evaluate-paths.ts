import { runCheck, type CheckOptions, type CheckReport } from "../../policies/engine/check";
import { DEFAULT_WAIVERS_FILE, loadWaivers } from "../../policies/engine/waivers";
import { loadInputs, type LoadedInput } from "../../policies/load/input";
import type { Io } from "../io";

/**
 * How `matrix` and `diff` evaluate, exactly as `check` does: the catalogue, the waivers file (the default one
 * is optional, a named one must exist) and today's date for waiver expiry.
 */
export function evaluationOptions(waiversFile: string | undefined, io: Io): CheckOptions {
  const controlIds = new Set(io.catalogue.map((c) => c.id));
  const waivers = loadWaivers(waiversFile ?? DEFAULT_WAIVERS_FILE, controlIds, waiversFile !== undefined);
  return { controls: io.catalogue, waivers, today: io.today() };
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
