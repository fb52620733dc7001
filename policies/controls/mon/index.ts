import type { Control } from "../../control";

/** MON family. */
export const MON_CONTROLS: readonly Control[] = [];
