import type { Control } from "../control";

/**
 * What a renderer may need beyond the findings: the controls checked (titles, references for rules). Its own
 * module so the renderers need not import the registry (index.ts) that imports them.
 */
export interface RenderContext {
  readonly controls: readonly Control[];
}
