/**
 * RFC 4122 version-5 UUIDs, as resty.jit-uuid's `factory_v5` makes them. Kong's declarative loader
 * derives ids this way (declarative_config.lua `generate_uuid`): namespace = v5(ENTITIES_NS, entity
 * type), name = the entity's endpoint key or cache key. Reusing it keeps ids stable across reloads and
 * equal to the ids real Kong assigns to the same named entities.
 */
import { createHash } from "node:crypto";

export const KONG_ENTITIES_NAMESPACE = "fd02801f-0957-4a15-a55a-c8d9606f30b5";

export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const namespaces = new Map<string, string>();

/** Kong's `generate_uuid(schema.name, key)`. */
export function kongEntityId(entityType: string, key: string): string {
  let ns = namespaces.get(entityType);
  if (ns === undefined) {
    ns = uuidV5(KONG_ENTITIES_NAMESPACE, entityType);
    namespaces.set(entityType, ns);
  }
  return uuidV5(ns, key);
}
