import { Model } from "../model/model";
import { crossStackResolver } from "./cross-stack";
import type { StackDocument } from "./terraform-json";

/** One model over several stacks, with cdktf cross-stack references traced to the producing stack. */
export function modelFromDocuments(documents: readonly StackDocument[]): Model {
  return new Model(
    documents.flatMap((d) => d.resources),
    crossStackResolver(documents),
  );
}
