import { IAM_CONTROLS } from "../../policies/controls/iam";
import { IAM01NoBasicRoles } from "../../policies/controls/iam/IAM-01-no-basic-roles";
import { IAM05NoPrivilegedServiceAccounts } from "../../policies/controls/iam/IAM-05-no-privileged-service-accounts";
import { IAM06NoProjectImpersonation } from "../../policies/controls/iam/IAM-06-no-project-impersonation";
import { IAM02NoServiceAccountKeys } from "../../policies/controls/iam/IAM-02-no-service-account-keys";
import {
  REQUIRED_BOOLEAN_CONSTRAINTS,
  IAM03OrgPolicies,
} from "../../policies/controls/iam/IAM-03-org-policies";
import { IAM04PrivilegedAccessTimeLimited } from "../../policies/controls/iam/IAM-04-privileged-access-time-limited";
import {
  type Attrs,
  expectWellFormed,
  mutate,
  resourceIn,
  resultFor,
  run,
  scopeFor,
  tf,
} from "../support/control-fixtures";

const PARENT = "projects/123456";
const policy = (constraint: string, rule: Attrs) => ({
  name: `${PARENT}/policies/${constraint}`,
  parent: PARENT,
  spec: { rules: [rule] },
});
const ALL_CONSTRAINTS = [
  ...REQUIRED_BOOLEAN_CONSTRAINTS,
  "compute.vmExternalIpAccess",
  "gcp.resourceLocations",
];
const policyName = (constraint: string) => constraint.replace(/\W/g, "_");

/** A compliant foundation: every guardrail, narrow workload roles, and a PAM entitlement for admins. */
const FOUNDATION_STACK = tf({
  google_org_policy_policy: {
    ...Object.fromEntries(
      REQUIRED_BOOLEAN_CONSTRAINTS.map((c) => [policyName(c), policy(c, { enforce: "TRUE" })]),
    ),
    [policyName("compute.vmExternalIpAccess")]: policy("compute.vmExternalIpAccess", { deny_all: "TRUE" }),
    [policyName("gcp.resourceLocations")]: policy("gcp.resourceLocations", {
      values: { allowed_values: ["in:europe-west2-locations", "in:europe-west1-locations"] },
    }),
  },
  google_service_account: { vault: { account_id: "vault" } },
  google_project_iam_member: {
    vault_logs: {
      project: "p",
      role: "roles/logging.logWriter",
      member: "${google_service_account.vault.member}",
    },
    breakglass: {
      project: "p",
      role: "roles/resourcemanager.projectIamAdmin",
      member: "group:breakglass@example.com",
      condition: { title: "until", expression: 'request.time < timestamp("2026-12-31T00:00:00Z")' },
    },
  },
  google_privileged_access_manager_entitlement: {
    admins: { entitlement_id: "admins", location: "global", max_request_duration: "3600s" },
  },
});

const scope = scopeFor(FOUNDATION_STACK);
const member = (json: Attrs, name: string) => resourceIn(json, "google_project_iam_member", name);

describe("IAM controls", () => {
  it("are well formed, numbered IAM-01.. in order", () => expectWellFormed(IAM_CONTROLS, "IAM"));

  describe("IAM-01 no basic roles", () => {
    it("passes narrow and administrator roles that are not basic", () => {
      expect(run(IAM01NoBasicRoles, scope())).toEqual(["project: pass"]);
    });
    it.each(["roles/owner", "roles/editor", "roles/viewer"])(
      "fails %s in a member, a binding or a policy",
      (role) => {
        const json = mutate(FOUNDATION_STACK, (j) => {
          delete j.resource.google_project_iam_member.breakglass;
          j.resource.google_project_iam_binding = {
            b: { project: "p", role, members: ["group:ops@example.com"] },
          };
          j.resource.google_folder_iam_policy = {
            f: {
              folder: "folders/1",
              policy_data: JSON.stringify({ bindings: [{ role, members: ["user:a@example.com"] }] }),
            },
          };
        });
        expect(run(IAM01NoBasicRoles, scope(json))).toEqual([
          "google_project_iam_binding.b: fail",
          "google_folder_iam_policy.f: fail",
        ]);
      },
    );
  });

  describe("IAM-02 no service account keys", () => {
    it("passes without keys and fails each key", () => {
      expect(run(IAM02NoServiceAccountKeys, scope())).toEqual(["project: pass"]);
      const json = mutate(FOUNDATION_STACK, (j) => {
        j.resource.google_service_account_key = {
          k: { service_account_id: "${google_service_account.vault.name}" },
        };
      });
      expect(run(IAM02NoServiceAccountKeys, scope(json))).toEqual(["google_service_account_key.k: fail"]);
    });
    it("fails a Cloud Storage HMAC key for a service account", () => {
      const json = mutate(FOUNDATION_STACK, (j) => {
        j.resource.google_storage_hmac_key = {
          h: { service_account_email: "${google_service_account.vault.email}" },
        };
      });
      expect(run(IAM02NoServiceAccountKeys, scope(json))).toEqual(["google_storage_hmac_key.h: fail"]);
    });
  });

  describe("IAM-03 organisation policies", () => {
    it("passes every required constraint", () => {
      expect(run(IAM03OrgPolicies, scope())).toEqual(
        ALL_CONSTRAINTS.map((c) => `google_org_policy_policy.${policyName(c)}: pass`),
      );
    });
    it.each(ALL_CONSTRAINTS)(
      "fails at project level, naming %s, when its policy is missing",
      (constraint) => {
        const json = mutate(
          FOUNDATION_STACK,
          (j) => delete j.resource.google_org_policy_policy[policyName(constraint)],
        );
        const result = resultFor(IAM03OrgPolicies, scope(json));
        expect(result.status).toBe("fail");
        expect(result.message).toContain(constraint);
      },
    );
    it("fails policies that are declared but not enforced", () => {
      const json = mutate(FOUNDATION_STACK, (j) => {
        const policies = j.resource.google_org_policy_policy;
        policies[policyName("compute.requireOsLogin")].spec.rules = [{ enforce: "FALSE" }];
        policies[policyName("sql.restrictPublicIp")].spec.rules = [
          { enforce: "TRUE", condition: { expression: "resource.matchTag('env', 'prod')" } },
        ];
        policies[policyName("compute.vmExternalIpAccess")].spec.rules = [{ allow_all: "TRUE" }];
        policies[policyName("gcp.resourceLocations")].spec = { rules: [{ allow_all: "TRUE" }] };
        policies[policyName("iam.disableServiceAccountKeyCreation")].spec.reset = true;
      });
      const failing = run(IAM03OrgPolicies, scope(json)).filter((s) => s.endsWith("fail"));
      expect(failing).toEqual(
        [
          "compute.requireOsLogin",
          "sql.restrictPublicIp",
          "iam.disableServiceAccountKeyCreation",
          "compute.vmExternalIpAccess",
          "gcp.resourceLocations",
        ].map((c) => `google_org_policy_policy.${policyName(c)}: fail`),
      );
    });
  });

  describe("IAM-04 privileged access time-limited", () => {
    it("passes a privileged grant to people with an expiry", () => {
      expect(run(IAM04PrivilegedAccessTimeLimited, scope())).toEqual([
        "google_project_iam_member.breakglass: pass",
      ]);
    });
    it("passes at project level with only PAM entitlements and workload grants", () => {
      const json = mutate(FOUNDATION_STACK, (j) => delete j.resource.google_project_iam_member.breakglass);
      const result = resultFor(IAM04PrivilegedAccessTimeLimited, scope(json));
      expect(result.status).toBe("pass");
      expect(result.message).toContain("1 PAM entitlement");
    });
    it.each([
      ["without a condition", undefined],
      ["with a condition that does not expire", { title: "ip", expression: "request.host == 'x'" }],
    ])("fails a standing admin grant to a person %s", (_, condition) => {
      const json = mutate(FOUNDATION_STACK, (j) => {
        member(j, "breakglass").condition = condition;
        member(j, "breakglass").role = "roles/compute.admin";
        member(j, "breakglass").member = "user:alice@example.com";
      });
      expect(run(IAM04PrivilegedAccessTimeLimited, scope(json))).toEqual([
        "google_project_iam_member.breakglass: fail",
      ]);
    });
  });

  describe("IAM-05 no privileged service accounts", () => {
    it("passes narrow roles for service accounts", () => {
      expect(run(IAM05NoPrivilegedServiceAccounts, scope())).toEqual(["project: pass"]);
    });
    it.each(["roles/editor", "roles/storage.admin", "roles/iam.serviceAccountTokenCreator"])(
      "fails %s",
      (role) => {
        const json = mutate(FOUNDATION_STACK, (j) => (member(j, "vault_logs").role = role));
        expect(run(IAM05NoPrivilegedServiceAccounts, scope(json))).toEqual([
          "google_project_iam_member.vault_logs: fail",
        ]);
      },
    );
  });

  describe("IAM-06 no project-wide impersonation", () => {
    it("passes without impersonation roles on the project and fails with one", () => {
      expect(run(IAM06NoProjectImpersonation, scope())).toEqual(["project: pass"]);
      const json = mutate(
        FOUNDATION_STACK,
        (j) => (member(j, "breakglass").role = "roles/iam.serviceAccountUser"),
      );
      const result = resultFor(
        IAM06NoProjectImpersonation,
        scope(json),
        "google_project_iam_member.breakglass",
      );
      expect(result.status).toBe("fail");
      expect(result.message).toContain("on the whole project");
    });
  });
});

describe("IAM controls read roles as Google grants them", () => {
  it("IAM-05 fails versioned administrator roles and OS admin login held by a service account", () => {
    for (const role of ["roles/compute.instanceAdmin.v1", "roles/compute.osAdminLogin"]) {
      const json = mutate(FOUNDATION_STACK, (j) => (member(j, "vault_logs").role = role));
      expect(run(IAM05NoPrivilegedServiceAccounts, scope(json))).toEqual([
        "google_project_iam_member.vault_logs: fail",
      ]);
    }
  });

  it("IAM-01 / IAM-05 / IAM-06 are unknown for a role set from a variable, never pass", () => {
    const json = mutate(FOUNDATION_STACK, (j) => (member(j, "vault_logs").role = "${var.vault_role}"));
    for (const control of [IAM01NoBasicRoles, IAM05NoPrivilegedServiceAccounts, IAM06NoProjectImpersonation])
      expect(run(control, scope(json))).toEqual(["google_project_iam_member.vault_logs: unknown"]);
  });

  it("IAM-05 is unknown for a privileged grant to a member set from a variable", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      member(j, "vault_logs").role = "roles/storage.admin";
      member(j, "vault_logs").member = "${var.member}";
    });
    expect(run(IAM05NoPrivilegedServiceAccounts, scope(json))).toEqual([
      "google_project_iam_member.vault_logs: unknown",
    ]);
  });

  it("IAM-01 follows a role referencing a declared attribute, keeps a declared custom role as custom", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      j.resource.google_project_iam_custom_role = {
        ops: { role_id: "ops", title: "Ops", permissions: ["x"] },
      };
      j.resource.google_project_iam_member.custom = {
        project: "p",
        role: "${google_project_iam_custom_role.ops.name}",
        member: "group:ops@example.com",
      };
      j.resource.google_project_iam_member.copied = {
        project: "p",
        role: "${google_project_iam_member.breakglass.role}",
        member: "group:ops@example.com",
      };
      member(j, "breakglass").role = "roles/owner";
    });
    expect(run(IAM01NoBasicRoles, scope(json))).toEqual([
      "google_project_iam_member.breakglass: fail",
      "google_project_iam_member.copied: fail",
    ]);
  });

  it("IAM-04 fails an expiry that an alternative (||) keeps open", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      member(j, "breakglass").condition.expression =
        'request.time < timestamp("2026-12-31T00:00:00Z") || request.host != ""';
    });
    expect(run(IAM04PrivilegedAccessTimeLimited, scope(json))).toEqual([
      "google_project_iam_member.breakglass: fail",
    ]);
  });
});

describe("IAM controls tell service agents from look-alike accounts", () => {
  it("IAM-04 / IAM-05 judge service-<digits>@<someone's project> as a service account, not a service agent", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      member(j, "vault_logs").role = "roles/iam.securityAdmin";
      member(j, "vault_logs").member =
        "serviceAccount:service-123456@attacker-project.iam.gserviceaccount.com";
    });
    expect(run(IAM05NoPrivilegedServiceAccounts, scope(json))).toEqual([
      "google_project_iam_member.vault_logs: fail",
    ]);
    const agent = mutate(json, (j) => {
      member(j, "vault_logs").member = "serviceAccount:service-123456@gcp-sa-logging.iam.gserviceaccount.com";
    });
    expect(run(IAM05NoPrivilegedServiceAccounts, scope(agent))).toEqual(["project: pass"]);
  });
});

describe("IAM-06 counts roles that reach every service account indirectly", () => {
  it.each(["roles/iam.serviceAccountKeyAdmin", "roles/iam.serviceAccountAdmin"])(
    "fails %s on the project",
    (role) => {
      const json = mutate(FOUNDATION_STACK, (j) => (member(j, "breakglass").role = role));
      expect(run(IAM06NoProjectImpersonation, scope(json))).toEqual([
        "google_project_iam_member.breakglass: fail",
      ]);
    },
  );
});

describe("IAM-03 counts only policies on the environment's own project", () => {
  const orgPolicy = (j: Attrs, constraint: string) =>
    resourceIn(j, "google_org_policy_policy", policyName(constraint));
  const moveTo = (j: Attrs, constraint: string, parent: string) => {
    orgPolicy(j, constraint).name = `${parent}/policies/${constraint}`;
    orgPolicy(j, constraint).parent = parent;
  };
  const statusOf = (json: Attrs, constraint: string) =>
    resultFor(IAM03OrgPolicies, scope(json), `google_org_policy_policy.${policyName(constraint)}`).status;

  it("fails a policy set on another project than the other required policies", () => {
    const json = mutate(FOUNDATION_STACK, (j) => moveTo(j, "compute.requireOsLogin", "projects/999999"));
    expect(run(IAM03OrgPolicies, scope(json)).filter((s) => !s.endsWith("pass"))).toEqual([
      `google_org_policy_policy.${policyName("compute.requireOsLogin")}: fail`,
    ]);
    expect(
      resultFor(
        IAM03OrgPolicies,
        scope(json),
        `google_org_policy_policy.${policyName("compute.requireOsLogin")}`,
      ).message,
    ).toContain("set on projects/999999, not projects/123456");
  });

  it("fails every policy set on a project other than the one the service agents name", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      for (const c of ALL_CONSTRAINTS) moveTo(j, c, "projects/999999");
      member(j, "vault_logs").member = "serviceAccount:service-123456@gcp-sa-logging.iam.gserviceaccount.com";
    });
    expect(ALL_CONSTRAINTS.map((c) => statusOf(json, c))).toEqual(ALL_CONSTRAINTS.map(() => "fail"));
    const agreeing = mutate(json, (j) => {
      member(j, "vault_logs").member = "serviceAccount:service-999999@gcp-sa-logging.iam.gserviceaccount.com";
    });
    expect(ALL_CONSTRAINTS.map((c) => statusOf(agreeing, c))).toEqual(ALL_CONSTRAINTS.map(() => "pass"));
  });

  it("fails a policy whose parent and name name different projects", () => {
    const json = mutate(
      FOUNDATION_STACK,
      (j) => (orgPolicy(j, "sql.restrictPublicIp").parent = "projects/999999"),
    );
    expect(statusOf(json, "sql.restrictPublicIp")).toBe("fail");
  });

  it("is unknown for a lone policy whose project nothing confirms", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      for (const c of ALL_CONSTRAINTS.slice(1)) delete j.resource.google_org_policy_policy[policyName(c)];
    });
    expect(statusOf(json, ALL_CONSTRAINTS[0])).toBe("unknown");
  });

  it("judges the policy on the environment's project when another project's copy is declared too", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      j.resource.google_org_policy_policy.other = {
        ...orgPolicy(j, "compute.requireOsLogin"),
        name: "projects/999999/policies/compute.requireOsLogin",
        parent: "projects/999999",
      };
    });
    expect(statusOf(json, "compute.requireOsLogin")).toBe("pass");
  });

  it("is unknown for a policy whose count is an expression", () => {
    const json = mutate(
      FOUNDATION_STACK,
      (j) => (orgPolicy(j, "storage.publicAccessPrevention").count = "${var.guardrails ? 1 : 0}"),
    );
    expect(statusOf(json, "storage.publicAccessPrevention")).toBe("unknown");
  });
});
