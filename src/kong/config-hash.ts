/**
 * `configuration_hash` of GET /status (kong.md §7.4): 32 hex md5 of a canonical serialization of the
 * declarative input, and Kong's all-zero hash when the config declares no entities.
 */
import { createHash } from "node:crypto";

export const EMPTY_CONFIG_HASH = "00000000000000000000000000000000";

/** JSON with object keys sorted at every level, so key order in the file does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function configurationHash(input: Record<string, unknown>, entityCount: number): string {
  if (entityCount === 0) return EMPTY_CONFIG_HASH;
  return createHash("md5").update(canonicalJson(input)).digest("hex");
}
