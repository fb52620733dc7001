import type { Control } from "../../control";

/** NET family. */
export const NET_CONTROLS: readonly Control[] = [];
