/**
 * `?flatten_errors=1` of POST /config (kong/db/errors.lua `flatten_errors`): one record per entity
 * with errors, listing field and entity errors.
 */
import type { FieldError } from "./declarative-walk.ts";

export interface FlattenedEntityErrors {
  entity_type: string;
  entity_name?: string;
  entity_id?: string;
  entity_tags: readonly string[] | null;
  entity: Record<string, unknown>;
  errors: { field?: string; message: string; type: "field" | "entity" }[];
}

function singular(type: string): string {
  return type.endsWith("s") ? type.slice(0, -1) : type;
}

const CHILD_KEYS = new Set(["routes", "plugins", "jwt_secrets", "acls", "keyauth_credentials"]);

export function flattenErrors(flat: readonly FieldError[]): FlattenedEntityErrors[] {
  const byItem = new Map<unknown, FlattenedEntityErrors>();
  const out: FlattenedEntityErrors[] = [];
  for (const e of flat) {
    let rec = byItem.get(e.item ?? e);
    if (!rec) {
      const raw = e.item?.raw ?? {};
      const entity = Object.fromEntries(Object.entries(raw).filter(([k]) => !CHILD_KEYS.has(k)));
      const name = raw["name"] ?? raw["username"];
      rec = {
        entity_type: e.item ? singular(e.item.type) : "declarative_config",
        ...(typeof name === "string" ? { entity_name: name } : {}),
        ...(typeof raw["id"] === "string" ? { entity_id: raw["id"] } : {}),
        entity_tags: Array.isArray(raw["tags"]) ? (raw["tags"] as string[]) : null,
        entity,
        errors: [],
      };
      byItem.set(e.item ?? e, rec);
      out.push(rec);
    }
    const isEntity = e.path.includes("@entity") || e.field === undefined;
    rec.errors.push(
      isEntity
        ? { message: e.message, type: "entity" }
        : { field: e.field, message: e.message, type: "field" },
    );
  }
  return out;
}
