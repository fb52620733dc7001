import type { Control } from "../../control";

/** CMP family. */
export const CMP_CONTROLS: readonly Control[] = [];
