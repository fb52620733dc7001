import { readPlanJson } from "../../policies/load/plan";
import { readTerraformJson } from "../../policies/load/terraform-json";
import { modelFromDocuments } from "../../policies/load/documents";
import { control } from "../support/controls";

/** `null` in Terraform means "not set": the provider default applies, so it must read as an absent attribute. */
const SQL_WITH_NULL_IPV4 = {
  resource: {
    google_sql_database_instance: {
      db: {
        name: "db",
        region: "europe-west2",
        database_version: "POSTGRES_16",
        settings: {
          tier: "db-custom-2-7680",
          ip_configuration: { ipv4_enabled: null, private_network: "n" },
        },
      },
    },
  },
};

function plan(values: Record<string, unknown>) {
  return {
    format_version: "1.2",
    planned_values: {
      root_module: {
        resources: [
          {
            address: "google_sql_database_instance.db",
            mode: "managed",
            type: "google_sql_database_instance",
            name: "db",
            values,
          },
        ],
      },
    },
  };
}

describe("null attributes read as absent", () => {
  test("Terraform JSON: a null attribute and a null inside a block are left out of the model", () => {
    const [resource] = readTerraformJson(SQL_WITH_NULL_IPV4, { stack: "test-data" }).resources;
    expect(resource.attributes.settings).toEqual({
      tier: "db-custom-2-7680",
      ip_configuration: { private_network: "n" },
    });
  });

  test("plan JSON: planned null values are left out of the model", () => {
    const doc = readPlanJson(plan(SQL_WITH_NULL_IPV4.resource.google_sql_database_instance.db), {
      stack: "test-data",
      file: "p.json",
    });
    expect(doc.resources[0].attributes.settings).toEqual({
      tier: "db-custom-2-7680",
      ip_configuration: { private_network: "n" },
    });
  });

  test("SQL-01 does not pass ipv4_enabled = null (the provider default is a public IP)", () => {
    const model = modelFromDocuments([readTerraformJson(SQL_WITH_NULL_IPV4, { stack: "test-data" })]);
    const statuses = control("SQL-01")
      .evaluate(model.scope("test"))
      .map((r) => r.status);
    expect(statuses).toEqual(["fail"]);
  });
});
