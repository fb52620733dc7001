import { Construct } from "constructs";
import { AccessContextManagerServicePerimeter } from "@cdktf/provider-google/lib/access-context-manager-service-perimeter";

export interface ServicePerimeterProps {
  /** Organization access policy id (digits): the perimeter is created in `accessPolicies/<id>`. */
  readonly accessPolicy: string;
  /** Perimeter name: letters, digits and underscores, starting with a letter. */
  readonly name: string;
  readonly title: string;
  /** Project numbers inside the perimeter. */
  readonly projectNumbers: readonly string[];
  /** APIs whose resources the perimeter protects; VMs inside reach only these (vpc_accessible_services). */
  readonly restrictedServices: readonly string[];
  /**
   * Identities (`serviceAccount:…`, `user:…`, `group:…`) allowed to call the restricted services from outside
   * the perimeter, e.g. the deployer running Terraform. Without one, nothing outside can manage these APIs.
   */
  readonly ingressIdentities: readonly string[];
  /** Dry run: violations are logged, not blocked (spec only, `use_explicit_dry_run_spec`). */
  readonly dryRun: boolean;
}

/**
 * A VPC Service Controls perimeter around the environment's project(s): the restricted services' data cannot
 * be read from, or copied to, a project outside it, and VMs inside can call only the restricted services
 * (through restricted.googleapis.com). Enforced unless `dryRun`.
 */
export class ServicePerimeter extends Construct {
  readonly perimeter: AccessContextManagerServicePerimeter;

  constructor(scope: Construct, id: string, props: ServicePerimeterProps) {
    super(scope, id);
    if (!/^\d+$/.test(props.accessPolicy))
      throw new Error(
        `ServicePerimeter ${props.name}: access policy id must be digits, got ${props.accessPolicy}`,
      );
    if (props.restrictedServices.length === 0)
      throw new Error(`ServicePerimeter ${props.name}: restrict at least one service`);
    const config = {
      resources: props.projectNumbers.map((number) => `projects/${number}`),
      restrictedServices: [...props.restrictedServices],
      vpcAccessibleServices: { enableRestriction: true, allowedServices: ["RESTRICTED-SERVICES"] },
      ingressPolicies:
        props.ingressIdentities.length > 0
          ? [
              {
                title: "deployer",
                ingressFrom: {
                  identities: [...props.ingressIdentities],
                  sources: [{ accessLevel: "*" }],
                },
                ingressTo: {
                  resources: ["*"],
                  operations: props.restrictedServices.map((serviceName) => ({
                    serviceName,
                    methodSelectors: [{ method: "*" }],
                  })),
                },
              },
            ]
          : undefined,
    };
    this.perimeter = new AccessContextManagerServicePerimeter(this, "perimeter", {
      parent: `accessPolicies/${props.accessPolicy}`,
      name: `accessPolicies/${props.accessPolicy}/servicePerimeters/${props.name}`,
      title: props.title,
      perimeterType: "PERIMETER_TYPE_REGULAR",
      ...(props.dryRun ? { useExplicitDryRunSpec: true, spec: config } : { status: config }),
    });
  }
}
