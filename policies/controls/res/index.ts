import type { Control } from "../../control";

/** RES family. */
export const RES_CONTROLS: readonly Control[] = [];
