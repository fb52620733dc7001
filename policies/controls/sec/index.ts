import type { Control } from "../../control";

/** SEC family. */
export const SEC_CONTROLS: readonly Control[] = [];
