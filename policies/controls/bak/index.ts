import type { Control } from "../../control";

/** BAK family. */
export const BAK_CONTROLS: readonly Control[] = [];
