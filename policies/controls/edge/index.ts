import type { Control } from "../../control";

/** EDGE family. */
export const EDGE_CONTROLS: readonly Control[] = [];
