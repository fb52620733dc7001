import { runCheck, type CheckReport } from "../../policies/engine/check";
import { DEFAULT_WAIVERS_FILE, loadWaivers } from "../../policies/engine/waivers";
import { loadInputs, type LoadedInput } from "../../policies/load/input";
import type { Io } from "../io";

/**
 * Loads PATHs and evaluates the catalogue on them with the waivers file, exactly as `check` does: what
 * `matrix` publishes and `diff` compares. The default waivers file is optional; a named one must exist.
 */
export async function evaluatePaths(
  paths: readonly string[],
  waiversFile: string | undefined,
  io: Io,
): Promise<{ report: CheckReport; input: LoadedInput }> {
  const controlIds = new Set(io.catalogue.map((c) => c.id));
  const waivers = loadWaivers(waiversFile ?? DEFAULT_WAIVERS_FILE, controlIds, waiversFile !== undefined);
  const input = await loadInputs(paths);
  return { report: runCheck(input, { controls: io.catalogue, waivers, today: io.today() }), input };
}
