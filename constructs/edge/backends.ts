import { Construct } from "constructs";
import { ComputeHealthCheck } from "@cdktf/provider-google/lib/compute-health-check";
import { ComputeRegionNetworkEndpointGroup } from "@cdktf/provider-google/lib/compute-region-network-endpoint-group";

/** What a backend service needs to send traffic somewhere. */
export interface EdgeBackend {
  /** Instance group or network endpoint group id. */
  readonly group: string;
  readonly healthChecks?: string[];
}

export interface CloudRunBackendProps {
  readonly name: string;
  readonly region: string;
  /** Name of an existing Cloud Run service in `region`. */
  readonly service: string;
}

/** A serverless NEG for one Cloud Run service (serverless NEGs take no health check). */
export class CloudRunBackend extends Construct implements EdgeBackend {
  readonly group: string;

  constructor(scope: Construct, id: string, props: CloudRunBackendProps) {
    super(scope, id);
    const neg = new ComputeRegionNetworkEndpointGroup(this, "neg", {
      name: props.name,
      region: props.region,
      networkEndpointType: "SERVERLESS",
      cloudRun: { service: props.service },
    });
    this.group = neg.id;
  }
}

export interface InstanceGroupBackendProps {
  readonly name: string;
  /** Id or self link of an existing managed instance group whose serving port is named "http". */
  readonly instanceGroup: string;
  readonly port: number;
  readonly healthCheckPath: string;
}

/** An existing instance group with an HTTP health check whose probes are logged. */
export class InstanceGroupBackend extends Construct implements EdgeBackend {
  readonly group: string;
  readonly healthChecks: string[];

  constructor(scope: Construct, id: string, props: InstanceGroupBackendProps) {
    super(scope, id);
    const check = new ComputeHealthCheck(this, "health-check", {
      name: `${props.name}-hc`,
      httpHealthCheck: { port: props.port, requestPath: props.healthCheckPath },
      logConfig: { enable: true },
    });
    this.group = props.instanceGroup;
    this.healthChecks = [check.id];
  }
}
