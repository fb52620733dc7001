import type { Control, Status } from "../../policies/control";
import { type Attrs, expectFails, expectPasses, scopeOf } from "../support/control-fixtures";

/**
 * The agreement suite: for every public check a control names in `references.checkov` or `references.trivy`,
 * a configuration the peer check passes (this project passes it too) and one it fails (this project fails it
 * too), written from the peer's source as it reads Terraform. Where this project decides otherwise on purpose,
 * the case says so (`differences`), the test asserts the other verdict, and the control's rationale names the
 * peer check and why.
 */

export type PeerVerdict = "pass" | "fail";

/** A configuration on which this project and the peer deliberately disagree. */
export interface Difference {
  /** What the configuration does, e.g. "secure boot off, vTPM and integrity monitoring on". */
  readonly case: string;
  readonly json: Attrs;
  /** The peer's verdict, from its source. */
  readonly peer: PeerVerdict;
  /** This project's verdict on `address`. */
  readonly ours: Exclude<Status, "waived">;
  /** The resource judged, `project` for a project-level verdict. */
  readonly address: string;
}

export interface PeerCase {
  /** `CKV_GCP_*` / `CKV2_GCP_*` (checkov) or `AVD-GCP-*` (trivy). */
  readonly peer: string;
  readonly control: Control;
  /** What the peer's check tests, read from its source. */
  readonly tests: string;
  /** A configuration the peer passes: the control passes it (no fail, no unknown). */
  readonly passes: Attrs;
  /** A configuration the peer fails: the control fails `address` in it. */
  readonly fails: Attrs;
  /** The resource that fails (`project` for a project-level verdict). */
  readonly address: string;
  readonly differences?: readonly Difference[];
}

/** The status of the control's single verdict on `address`. */
export function statusOf(control: Control, json: Attrs, address: string): string {
  const found = control.evaluate(scopeOf(json)).filter((r) => (r.resource?.address ?? "project") === address);
  return found.length === 1 ? found[0].status : `${found.length} verdicts on ${address}`;
}

/** The tests of one family's cases. */
export function agreementSuite(family: string, cases: readonly PeerCase[]): void {
  describe(`${family}: agreement with checkov and trivy`, () => {
    describe.each(cases.map((c) => [`${c.control.id} ~ ${c.peer}`, c] as const))("%s", (_, c) => {
      it(`agrees where ${c.peer} passes: ${c.tests}`, () => {
        expectPasses(c.control, scopeOf(c.passes));
      });

      it(`agrees where ${c.peer} fails`, () => {
        expectFails(c.control, scopeOf(c.fails), c.address);
      });

      for (const d of c.differences ?? []) {
        it(`differs on purpose: ${d.case} (${c.peer}: ${d.peer}, ${c.control.id}: ${d.ours})`, () => {
          expect(d.ours).not.toBe(d.peer);
          expect(statusOf(c.control, d.json, d.address)).toBe(d.ours);
          // A deliberate disagreement is written down where users read why the control decides as it does.
          expect(`${c.control.id} rationale names ${c.peer}: ${c.control.rationale.includes(c.peer)}`).toBe(
            `${c.control.id} rationale names ${c.peer}: true`,
          );
        });
      }
    });
  });
}
