import type { CrossStackResolver } from "../model/model";
import type { StackDocument } from "./terraform-json";

const REMOTE_STATE = "data.terraform_remote_state.";

/**
 * cdktf renders a reference to another stack's resource as
 * `${data.terraform_remote_state.<reader>.outputs.<outputId>}`; the producing stack publishes
 * `output.<outputId>.value` = the real expression. The producer is the stack whose backend is the state
 * location the reader reads (GCS bucket + prefix, or local path).
 */
export function crossStackResolver(documents: readonly StackDocument[]): CrossStackResolver {
  const byStack = new Map(documents.map((d) => [d.stack, d]));
  const byBackend = new Map(documents.filter((d) => d.backend !== undefined).map((d) => [d.backend!, d]));
  return (fromStack, ref) => {
    if (!ref.address.startsWith(REMOTE_STATE)) return undefined;
    const location = byStack.get(fromStack)?.remoteStates.get(ref.address.slice(REMOTE_STATE.length));
    const producer = location === undefined ? undefined : byBackend.get(location);
    const [outputs, outputId, ...rest] = ref.attribute.split(".");
    if (!producer || outputs !== "outputs" || !outputId) return undefined;
    const value = producer.outputs.get(outputId);
    if (typeof value !== "string") return undefined;
    return {
      stack: producer.stack,
      expression: rest.length === 0 ? value : appendPath(value, rest.join(".")),
    };
  };
}

/** `${google_x.y.id}` + `name` → `${google_x.y.id.name}`: reading into an output that is an object. */
function appendPath(expression: string, path: string): string {
  const match = /^\$\{(.*)\}$/.exec(expression);
  return match ? `\${${match[1]}.${path}}` : expression;
}
