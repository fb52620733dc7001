/**
 * The normalised Terraform model every control reads. Loaders (cdktf.out / *.tf.json, plan JSON, HCL) all
 * produce it; nothing here depends on cdktf.
 */

/** A value Terraform only knows after apply, or a reference the loader could not resolve. */
export class Unknown {
  constructor(readonly reason: string) {}
  toJSON(): string {
    return `(unknown: ${this.reason})`;
  }
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

export interface Resource {
  /** Stack the resource came from: a cdktf stack name (`prod-kms`), or the input file/dir name. */
  readonly stack: string;
  /** Environment the stack belongs to (`prod` for `prod-kms`); the stack name when it has no env prefix. */
  readonly environment: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** Terraform address: `google_kms_crypto_key.disks`, `data.google_project.this`, `module.m.google_x.y`. */
  readonly address: string;
  /** Unique across the whole model: `<stack>/<address>`. */
  readonly id: string;
  /** Attribute values as Terraform would see them: blocks may be objects or arrays (use the accessors). */
  readonly attributes: Record<string, unknown>;
  /**
   * `lifecycle` meta-argument, when the input declares it. Plan JSON does not carry lifecycle settings, so
   * there `preventDestroy` is Unknown: a control must report it unknown, not failed or passed.
   */
  readonly lifecycle?: { preventDestroy?: boolean | Unknown };
  /**
   * The `count` or `for_each` expression (`count = ${var.on ? 1 : 0}`) when the input decides only at plan
   * time whether Terraform creates the resource at all: it may create none. Plans are already expanded.
   */
  readonly conditional?: string;
  /** cdktf construct path, for cdktf input. */
  readonly constructPath?: string;
  /** File (relative to the input root) and line, where the input tells them. */
  readonly source?: { file: string; line?: number };
}

/** What a reference expression points at: a resource and the attribute path read from it. */
export interface ResolvedReference {
  readonly resource: Resource;
  readonly attribute: string;
}

/**
 * What a control sees: every resource of one environment (the union of its stacks), with references
 * resolved across stacks. Controls are pure functions of a Scope.
 */
export interface Scope {
  readonly environment: string;
  readonly resources: readonly Resource[];
  /** Managed resources of one Terraform type, in input order. */
  ofType(type: string): Resource[];
  /**
   * Resources a value refers to. Handles `${type.name.attr}` interpolations anywhere in a string, plan
   * references, and cdktf cross-stack remote-state outputs traced back to the producing resource.
   */
  references(from: Resource, value: unknown): ResolvedReference[];
  /** Managed resources (optionally of one type) with any attribute that references `target`. */
  referencing(target: Resource, type?: string): Resource[];
}
