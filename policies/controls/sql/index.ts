import type { Control } from "../../control";

/** SQL family. */
export const SQL_CONTROLS: readonly Control[] = [];
