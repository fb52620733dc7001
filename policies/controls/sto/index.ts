import type { Control } from "../../control";

/** STO family. */
export const STO_CONTROLS: readonly Control[] = [];
