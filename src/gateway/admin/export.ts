/** GET /config (kong.md §7.4): the loaded config as declarative YAML, flat, foreign keys as ids. */
import { stringify } from "yaml";
import { ENTITY_TYPES } from "../../kong/declarative-walk.ts";
import type { NormalizedConfig } from "../../kong/types.ts";

/** Kong's export order: parents before the entities that reference them. */
const ENTITY_KEYS = ENTITY_TYPES;

function flattenRefs(entity: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entity)) {
    const isRef =
      (k === "service" || k === "route" || k === "consumer") && v !== null && typeof v === "object";
    out[k] = isRef ? (v as { id: string }).id : v;
  }
  return out;
}

export function exportConfig(config: NormalizedConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { _format_version: "3.0", _transform: false };
  for (const key of ENTITY_KEYS) {
    if (config[key].length > 0) out[key] = config[key].map(flattenRefs);
  }
  return out;
}

export function exportConfigYaml(config: NormalizedConfig): string {
  return stringify(exportConfig(config));
}

/** The 201 body of POST /config: entities by type, then by id. */
export function entitiesById(config: NormalizedConfig): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const key of ENTITY_KEYS) {
    if (config[key].length === 0) continue;
    out[key] = Object.fromEntries(config[key].map((e) => [e.id, e]));
  }
  return out;
}
