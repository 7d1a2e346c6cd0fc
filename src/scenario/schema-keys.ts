import type { z } from "zod";

/**
 * The keys a zod object schema accepts at `path` in `data`, found by walking the schema alongside the
 * data (discriminated unions pick their branch from the data). Used for "did you mean" suggestions.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] {
  let current: z.ZodType | undefined = schema;
  let value: unknown = data;
  for (const segment of path) {
    current = unwrap(current, value);
    if (!current) return [];
    const def = defOf(current);
    if (def.type === "object" && def.shape) current = def.shape[String(segment)];
    else if (def.type === "array" && def.element) current = def.element;
    else return [];
    value = (value as Record<PropertyKey, unknown> | undefined)?.[segment];
  }
  const last = unwrap(current, value);
  const shape = last ? defOf(last).shape : undefined;
  return shape ? Object.keys(shape) : [];
}

interface LooseDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
}

function defOf(schema: z.ZodType): LooseDef {
  return (schema as unknown as { _zod: { def: LooseDef } })._zod.def;
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  for (let i = 0; current && i < 16; i += 1) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else if (def.type === "union" && def.options) current = pickOption(def, value);
    else return current;
  }
  return current;
}

function pickOption(def: LooseDef, value: unknown): z.ZodType | undefined {
  const options = def.options ?? [];
  if (!def.discriminator) return options.find((option) => defOf(option).type === "object");
  const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
  return options.find((option) => {
    const field = defOf(option).shape?.[def.discriminator ?? ""];
    const values = field ? (field as unknown as { _zod: { values?: Set<unknown> } })._zod.values : undefined;
    return values?.has(tag) ?? false;
  });
}
