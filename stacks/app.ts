import type { App } from "cdktf";
import type { Config } from "../config/schema";
import { KmsStack } from "./kms";

/** Declares every stack of the baseline: the bootstrap stack, then each environment's stacks in dependency order. */
export function defineBaseline(app: App, config: Config): void {
  for (const env of config.environments) {
    const kms = new KmsStack(app, config, env);
    void kms;
  }
}
