import type { Control } from "../../control";

/** IAM family. */
export const IAM_CONTROLS: readonly Control[] = [];
