import type { Result } from "../control";
import { type Resource, type Scope, isUnknown } from "../model/types";
import { type Grant, iamGrants } from "./iam";
import { principalKind } from "./principals";
import { evidence, projectVerdict, verdict } from "../judge/results";
import { appendTo } from "../../lib/multimap";

/**
 * One verdict per IAM resource of the given bases: fail when any grant names allUsers or
 * allAuthenticatedUsers, unknown when a member or an authoritative policy cannot be read.
 */
export function judgePublicGrants(scope: Scope, bases: readonly string[], what: string): Result[] {
  const byResource = new Map<Resource, Grant[]>();
  for (const grant of iamGrants(scope, bases)) appendTo(byResource, grant.resource, grant);
  if (byResource.size === 0) return [projectVerdict("pass", `no IAM grant on ${what}`)];
  return [...byResource].map(([resource, grants]) => {
    const members = grants.flatMap((g) =>
      g.members.map((member) => ({ g, member, kind: principalKind(scope, resource, member) })),
    );
    const publicOnes = members.filter((m) => m.kind === "public");
    if (publicOnes.length > 0) {
      return verdict(
        "fail",
        resource,
        `grants ${publicOnes.map((m) => `${String(m.g.role)} to ${String(m.member)}`).join(", ")}`,
        publicOnes.map((m) => evidence(m.g.path, m.member)),
      );
    }
    const unreadable = [
      ...grants.filter((g) => isUnknown(g.role)).map((g) => evidence(g.path, g.role)),
      ...members.filter((m) => isUnknown(m.kind)).map((m) => evidence(m.g.path, m.member)),
    ];
    if (unreadable.length > 0)
      return verdict("unknown", resource, "some members cannot be read before apply", unreadable);
    return verdict(
      "pass",
      resource,
      "no public member",
      members.map((m) => evidence(m.g.path, m.member)),
    );
  });
}
