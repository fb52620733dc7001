import type { Control } from "../../control";

/** STATE family. */
export const STATE_CONTROLS: readonly Control[] = [];
