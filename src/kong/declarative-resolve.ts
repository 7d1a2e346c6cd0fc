/**
 * Phases 2–3 of loading (Kong `generate_ids` and `validate_references`): deterministic ids, foreign
 * keys resolved by name or id, and uniqueness of ids and endpoint keys.
 */
import { setErr, type ErrTree } from "./error-tree.ts";
import { kongEntityId } from "./uuid-v5.ts";
import { SINGULAR_FK, type EntityType, type FieldError, type WalkedItem } from "./declarative-walk.ts";

/** Kong `endpoint_key` of each entity type (all of these are unique in Kong). */
const ENDPOINT_KEY: Readonly<Partial<Record<EntityType, string>>> = {
  services: "name",
  routes: "name",
  consumers: "username",
  jwt_secrets: "key",
  keyauth_credentials: "key",
};

/** Kong `cache_key`, used for ids when there is no endpoint key. */
const CACHE_KEY: Readonly<Partial<Record<EntityType, readonly string[]>>> = {
  plugins: ["name", "route", "service", "consumer"],
  acls: ["consumer", "group"],
};

const UNIQUE_FIELDS: Readonly<Partial<Record<EntityType, readonly string[]>>> = {
  services: ["name"],
  routes: ["name"],
  consumers: ["username", "custom_id"],
  jwt_secrets: ["key"],
  keyauth_credentials: ["key"],
};

/** Assigns ids in walk order (parents first), the way Kong's `generate_ids` derives them. */
export function assignIds(items: readonly WalkedItem[]): void {
  for (const item of items) {
    const explicit = item.value["id"];
    if (typeof explicit === "string") {
      item.id = explicit;
      continue;
    }
    item.id = kongEntityId(item.type, idKey(item) ?? `shadowgate:${item.path.join(".")}`);
  }
}

function idKey(item: WalkedItem): string | undefined {
  const endpoint = ENDPOINT_KEY[item.type];
  const ek = endpoint === undefined ? undefined : item.value[endpoint];
  if (typeof ek === "string") return ek;
  const cacheKey = CACHE_KEY[item.type];
  if (!cacheKey) return undefined;
  const childKey = item.parent ? SINGULAR_FK[item.parent.type] : undefined;
  const parts: string[] = [item.type];
  for (const k of cacheKey) {
    const v = item.value[k] ?? item.refs[k];
    if (typeof v === "string") parts.push(v);
    else if (k === childKey && item.parent?.id) parts.push(item.parent.id);
    else if (item.type === "acls")
      return undefined; // required fields missing
    else parts.push("");
  }
  return parts.join(":");
}

export interface Resolved {
  /** Foreign key ids by item: field → referenced id. */
  readonly fks: Map<WalkedItem, Record<string, string>>;
}

/** Kong `validate_references` + the uniqueness checks of the declarative loader. */
export function resolveReferences(
  items: readonly WalkedItem[],
  errors: Record<string, ErrTree>,
  flat: FieldError[],
  foreign: (type: EntityType) => Readonly<Record<string, EntityType>>,
): Resolved {
  const byId = new Map<string, Map<string, WalkedItem>>();
  const byKey = new Map<string, Map<string, WalkedItem>>();
  for (const item of items) {
    checkUnique(item, byId, byKey, errors, flat);
  }
  const fks = new Map<WalkedItem, Record<string, string>>();
  for (const item of items) {
    const out: Record<string, string> = {};
    if (item.parent) out[SINGULAR_FK[item.parent.type]!] = item.parent.id!;
    for (const [field, target] of Object.entries(foreign(item.type))) {
      const ref = item.refs[field];
      if (ref === undefined) continue;
      const found = byKey.get(target)?.get(ref) ?? byId.get(target)?.get(ref);
      if (found) {
        out[field] = found.id!;
        continue;
      }
      const endpoint = ENDPOINT_KEY[item.type];
      const at = (
        endpoint && typeof item.value[endpoint] === "string" ? item.value[endpoint] : item.id
      ) as string;
      const msg = `invalid reference '${field}: ${ref}' (no such entry in '${target}')`;
      const list = (((errors[item.type] ??= {}) as Record<string, ErrTree>)[at] ??= []) as ErrTree[];
      list.push(msg);
      flat.push({ path: [...item.path, field], item, field, message: msg });
    }
    fks.set(item, out);
  }
  return { fks };
}

function checkUnique(
  item: WalkedItem,
  byId: Map<string, Map<string, WalkedItem>>,
  byKey: Map<string, Map<string, WalkedItem>>,
  errors: Record<string, ErrTree>,
  flat: FieldError[],
): void {
  const report = (field: string, value: string): void => {
    const msg = `uniqueness violation: '${item.type}' entity with ${field} set to '${value}' already declared`;
    // Kong's add_error: errs[parent][parent_idx][entity][idx], or errs[entity][idx] at top level.
    const path = item.parent
      ? [item.parent.type, item.parent.index, item.type, item.index]
      : [item.type, item.index];
    setErr(errors, path, msg);
    flat.push({ path: item.path, item, field: undefined, message: msg });
  };
  const ids = byId.get(item.type) ?? new Map<string, WalkedItem>();
  byId.set(item.type, ids);
  if (ids.has(item.id!)) report("primary key", item.id!);
  else ids.set(item.id!, item);
  const keys = byKey.get(item.type) ?? new Map<string, WalkedItem>();
  byKey.set(item.type, keys);
  for (const field of UNIQUE_FIELDS[item.type] ?? []) {
    const v = item.value[field];
    if (typeof v !== "string") continue;
    const slot = `${field}\u0000${v}`;
    if (keys.has(slot)) report(field, v);
    else keys.set(slot, item);
    if (field === ENDPOINT_KEY[item.type]) keys.set(v, item);
  }
}
