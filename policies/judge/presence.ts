import type { Result } from "../control";
import type { Resource } from "../model/types";
import { evidence } from "./results";

/** Whether an attribute is set: plan JSON writes an absent block as `[]` and an absent value as null. */
export function isSet(value: unknown): boolean {
  return !(
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * Candidates with those Terraform surely creates first: a control looking for "the" required resource then
 * finds one that exists whenever there is one, and falls back on a conditional one (count/for_each set from
 * an expression) only when nothing else is declared.
 */
export function surestFirst<T>(candidates: readonly T[], resourceOf: (candidate: T) => Resource): T[] {
  return [
    ...candidates.filter((c) => resourceOf(c).conditional === undefined),
    ...candidates.filter((c) => resourceOf(c).conditional !== undefined),
  ];
}

/**
 * A pass that rests on `proof` existing: when Terraform creates it only if a count/for_each expression says
 * so, the requirement may be met by nothing, so the pass becomes unknown (fails stay fails).
 */
export function presenceProven(result: Result, proof: Resource): Result {
  if (result.status !== "pass" || proof.conditional === undefined) return result;
  return {
    ...result,
    status: "unknown",
    message: `${result.message}; but ${proof.address} exists only if its ${proof.conditional} creates it`,
    evidence: [...result.evidence, evidence(`${proof.address}.conditional`, proof.conditional)],
  };
}

/**
 * Results that each judge one candidate for a required resource: passes on conditional candidates are
 * unknown unless a candidate Terraform surely creates passes too.
 */
export function presenceAmong(results: readonly Result[]): Result[] {
  const surelyMet = results.some((r) => r.status === "pass" && r.resource && !r.resource.conditional);
  return results.map((r) => (surelyMet || !r.resource ? r : presenceProven(r, r.resource)));
}
