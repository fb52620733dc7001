import type { Control } from "../../control";

/** ENC family. */
export const ENC_CONTROLS: readonly Control[] = [];
