/**
 * A small re-implementation of Kong's schema validator (`kong/db/schema/init.lua`): field types,
 * defaults, `required`, `one_of`, `between`, unknown fields, with Kong's exact error strings.
 */
import type { ErrTree } from "./error-tree.ts";

interface FieldBase {
  readonly required?: boolean;
  readonly default?: unknown;
}
export interface StringField extends FieldBase {
  readonly type: "string";
  readonly one_of?: readonly string[];
  readonly len_min?: number;
  /** Extra check in the spirit of Kong's `custom_validator`; returns an error string. */
  readonly check?: (value: string) => string | undefined;
}
export interface NumberField extends FieldBase {
  readonly type: "integer" | "number";
  readonly between?: readonly [number, number];
  readonly gt?: number;
  readonly one_of?: readonly number[];
}
export interface BooleanField extends FieldBase {
  readonly type: "boolean";
}
export interface ArrayField extends FieldBase {
  readonly type: "array" | "set";
  readonly elements: FieldDef;
  readonly len_min?: number;
}
export interface MapField extends FieldBase {
  readonly type: "map";
  readonly values: FieldDef;
}
export interface RecordField extends FieldBase {
  readonly type: "record";
  readonly fields: Fields;
  /** Entity checks of the record, run only when every field is valid (as Kong skips checks on bad fields). */
  readonly check?: (value: Record<string, unknown>) => Record<string, ErrTree> | string | undefined;
}
export interface AnyField extends FieldBase {
  readonly type: "any";
}
export type FieldDef =
  StringField | NumberField | BooleanField | ArrayField | MapField | RecordField | AnyField;
export type Fields = Readonly<Record<string, FieldDef>>;

export const REQUIRED = "required field missing";

export interface RecordResult {
  readonly value: Record<string, unknown>;
  readonly err?: Record<string, ErrTree>;
}

export interface Validated<T> {
  readonly value: T;
  readonly err?: ErrTree;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function cloneDefault(v: unknown): unknown {
  return v === undefined ? undefined : structuredClone(v);
}

export function validateField(def: FieldDef, value: unknown): Validated<unknown> {
  switch (def.type) {
    case "any":
      return { value };
    case "string": {
      if (typeof value !== "string") return { value, err: "expected a string" };
      if (def.len_min !== undefined && value.length < def.len_min)
        return { value, err: `length must be at least ${def.len_min}` };
      if (def.one_of && !def.one_of.includes(value))
        return { value, err: `expected one of: ${def.one_of.join(", ")}` };
      const custom = def.check?.(value);
      return custom === undefined ? { value } : { value, err: custom };
    }
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value))
        return { value, err: def.type === "integer" ? "expected an integer" : "expected a number" };
      if (def.type === "integer" && !Number.isInteger(value)) return { value, err: "expected an integer" };
      if (def.between && (value < def.between[0] || value > def.between[1]))
        return { value, err: `value should be between ${def.between[0]} and ${def.between[1]}` };
      if (def.gt !== undefined && !(value > def.gt))
        return { value, err: `value must be greater than ${def.gt}` };
      if (def.one_of && !def.one_of.includes(value))
        return { value, err: `expected one of: ${def.one_of.join(", ")}` };
      return { value };
    }
    case "boolean":
      return typeof value === "boolean" ? { value } : { value, err: "expected a boolean" };
    case "array":
    case "set":
      return validateArray(def, value);
    case "map": {
      if (!isRecord(value)) return { value, err: "expected a map" };
      const out: Record<string, unknown> = {};
      const errs: Record<string, ErrTree> = {};
      for (const [k, v] of Object.entries(value)) {
        const r = validateField(def.values, v);
        out[k] = r.value;
        if (r.err !== undefined) errs[k] = r.err;
      }
      return Object.keys(errs).length ? { value: out, err: errs } : { value: out };
    }
    case "record": {
      if (!isRecord(value)) return { value, err: "expected a record" };
      const r = validateRecord(def.fields, value);
      if (r.err) return r;
      const checked = def.check?.(r.value);
      return checked === undefined ? r : { value: r.value, err: checked };
    }
  }
}

function validateArray(def: ArrayField, value: unknown): Validated<unknown> {
  if (!Array.isArray(value))
    return { value, err: def.type === "set" ? "expected a set" : "expected an array" };
  if (def.len_min !== undefined && value.length < def.len_min)
    return { value, err: `length must be at least ${def.len_min}` };
  const errs: ErrTree[] = [];
  let failed = false;
  const out = value.map((v, i) => {
    const r = validateField(def.elements, v);
    if (r.err !== undefined) {
      errs[i] = r.err;
      failed = true;
    }
    return r.value;
  });
  // Kong stores sets de-duplicated.
  const deduped = def.type === "set" ? out.filter((v, i) => out.indexOf(v) === i) : out;
  return failed ? { value: deduped, err: errs } : { value: deduped };
}

/**
 * Validates a record: unknown keys → "unknown field", missing required → "required field missing",
 * defaults filled (a YAML/JSON null counts as absent). `_comment`/`_ignore` are allowed everywhere
 * the declarative format allows them (kong.md §7.1) and are dropped.
 */
export function validateRecord(
  fields: Fields,
  input: Record<string, unknown>,
  opts: { readonly ignoreKeys?: readonly string[] } = {},
): RecordResult {
  const out: Record<string, unknown> = {};
  const errs: Record<string, ErrTree> = {};
  for (const key of Object.keys(input)) {
    if (key === "_comment" || key === "_ignore" || opts.ignoreKeys?.includes(key)) continue;
    if (!(key in fields)) errs[key] = "unknown field";
  }
  for (const [key, def] of Object.entries(fields)) {
    const raw = input[key];
    if (raw === undefined || raw === null) {
      // A record's default is validated too, so its own fields get their defaults (Kong's `queue = {}`).
      if (def.default !== undefined)
        out[key] =
          def.type === "record"
            ? validateField(def, cloneDefault(def.default)).value
            : cloneDefault(def.default);
      else if (def.required) errs[key] = REQUIRED;
      continue;
    }
    const r = validateField(def, raw);
    out[key] = r.value;
    if (r.err !== undefined) errs[key] = r.err;
  }
  return Object.keys(errs).length ? { value: out, err: errs } : { value: out };
}

export { isRecord };
