import type { Scope } from "../model/types";
import { projectNumberOf } from "./principals";

/**
 * The projects an environment's resources name, as `projects/<id>` (literal `project` attributes) and
 * `projects/<number>` (service agent and default service account emails). An ID and a number cannot be
 * matched with each other from configuration alone, so both kinds are kept.
 */
export function projectsNamed(scope: Scope): Set<string> {
  const named = new Set<string>();
  for (const resource of scope.resources) {
    const { project } = resource.attributes;
    if (typeof project === "string" && project !== "" && !project.includes("${"))
      named.add(`projects/${project}`);
    for (const value of Object.values(resource.attributes)) {
      for (const text of Array.isArray(value) ? value : [value]) {
        const number = typeof text === "string" ? projectNumberOf(text) : undefined;
        if (number !== undefined) named.add(`projects/${number}`);
      }
    }
  }
  return named;
}

/** Whether `projects/<x>` names the project by number (rather than by ID). */
export function byNumber(parent: string): boolean {
  return /^projects\/\d+$/.test(parent);
}
