/**
 * Phase 1 of loading (Kong `DeclarativeConfig:validate`): walk top-level and nested entities,
 * validate each against its schema, and remember where it sits (for errors and for id generation).
 */
import type { DataPath } from "./declarative-source.ts";
import { setErr, type ErrTree } from "./error-tree.ts";
import {
  ACL_SCHEMA,
  CONSUMER_SCHEMA,
  JWT_SECRET_SCHEMA,
  KEYAUTH_SCHEMA,
  PLUGIN_ENTITY_FIELDS,
  ROUTE_SCHEMA,
  SERVICE_SCHEMA,
  type EntitySchema,
} from "./entity-schemas.ts";
import { BUNDLED_PLUGINS, pluginNotEnabledMessage } from "./plugin-catalog.ts";
import { PLUGIN_SCHEMAS } from "./plugin-schemas.ts";
import { isRecord, validateField, validateRecord } from "./schema.ts";

export type EntityType =
  "services" | "routes" | "consumers" | "plugins" | "jwt_secrets" | "acls" | "keyauth_credentials";

/** Order matters: parents before children (Kong's topological sort of schemas). */
export const ENTITY_TYPES: readonly EntityType[] = [
  "services",
  "routes",
  "consumers",
  "plugins",
  "jwt_secrets",
  "acls",
  "keyauth_credentials",
];

/** Entity types Kong accepts in a declarative file that the embedded gateway does not emulate. */
export const UNEMULATED_ENTITY_TYPES = [
  "upstreams",
  "targets",
  "certificates",
  "ca_certificates",
  "snis",
  "vaults",
  "basicauth_credentials",
  "hmacauth_credentials",
  "oauth2_credentials",
  "key_sets",
  "keys",
  "filter_chains",
];

const SCHEMAS: Record<Exclude<EntityType, "plugins">, EntitySchema> = {
  services: SERVICE_SCHEMA,
  routes: ROUTE_SCHEMA,
  consumers: CONSUMER_SCHEMA,
  jwt_secrets: JWT_SECRET_SCHEMA,
  acls: ACL_SCHEMA,
  keyauth_credentials: KEYAUTH_SCHEMA,
};

/** Nesting allowed by Kong (kong.md §7.1): child list key → the child's foreign key to the parent. */
export const CHILDREN: Readonly<Partial<Record<EntityType, readonly EntityType[]>>> = {
  services: ["routes", "plugins"],
  routes: ["plugins"],
  consumers: ["plugins", "jwt_secrets", "acls", "keyauth_credentials"],
};

/** Foreign keys of each type: field name → referenced type. */
export const FOREIGN: Readonly<Partial<Record<EntityType, Readonly<Record<string, EntityType>>>>> = {
  routes: { service: "services" },
  plugins: { route: "routes", service: "services", consumer: "consumers" },
  jwt_secrets: { consumer: "consumers" },
  acls: { consumer: "consumers" },
  keyauth_credentials: { consumer: "consumers" },
};

export const SINGULAR_FK: Readonly<Record<string, string>> = {
  services: "service",
  routes: "route",
  consumers: "consumer",
};

export interface WalkedItem {
  readonly type: EntityType;
  readonly path: DataPath;
  readonly raw: Record<string, unknown>;
  /** Validated fields with defaults, without child lists and foreign keys. */
  readonly value: Record<string, unknown>;
  /** Foreign keys written on the item itself (top-level form): field → name or id. */
  readonly refs: Readonly<Record<string, string>>;
  readonly parent: WalkedItem | undefined;
  /** Position in its list (0-based); the parent's position is `parent.index`. */
  readonly index: number;
  id?: string;
}

export interface FieldError {
  readonly path: DataPath;
  readonly item: WalkedItem | undefined;
  readonly field: string | undefined;
  readonly message: string;
}

export interface WalkResult {
  readonly items: WalkedItem[];
  readonly errors: Record<string, ErrTree>;
  readonly flat: FieldError[];
}

export function walkDeclarative(root: Record<string, unknown>): WalkResult {
  const result: WalkResult = { items: [], errors: {}, flat: [] };
  for (const type of ENTITY_TYPES) {
    if (root[type] !== undefined && root[type] !== null)
      walkList(result, type, root[type], [type], undefined);
  }
  return result;
}

function fail(r: WalkResult, path: DataPath, msg: ErrTree, item?: WalkedItem, field?: string): void {
  setErr(r.errors, path, msg);
  collectFlat(r, path, msg, item, field);
}

function collectFlat(r: WalkResult, path: DataPath, msg: ErrTree, item?: WalkedItem, field?: string): void {
  if (typeof msg === "string") {
    r.flat.push({ path, item, field, message: msg });
    return;
  }
  for (const [k, v] of Object.entries(msg)) {
    if (v === undefined) continue;
    const seg = Array.isArray(msg) ? Number(k) : k;
    const sub = field === undefined ? String(k) : `${field}.${k}`;
    collectFlat(r, [...path, seg], v, item, k === "@entity" ? field : sub);
  }
}

function walkList(
  r: WalkResult,
  type: EntityType,
  list: unknown,
  path: DataPath,
  parent: WalkedItem | undefined,
): void {
  if (!Array.isArray(list)) {
    fail(r, path, "expected an array");
    return;
  }
  list.forEach((raw: unknown, index) => {
    const itemPath = [...path, index];
    if (!isRecord(raw)) {
      fail(r, itemPath, "expected a record");
      return;
    }
    const item = validateItem(r, type, raw, itemPath, parent, index);
    r.items.push(item);
    for (const child of CHILDREN[type] ?? []) {
      if (raw[child] !== undefined && raw[child] !== null)
        walkList(r, child, raw[child], [...itemPath, child], item);
    }
  });
}

function validateItem(
  r: WalkResult,
  type: EntityType,
  raw: Record<string, unknown>,
  path: DataPath,
  parent: WalkedItem | undefined,
  index: number,
): WalkedItem {
  const children = CHILDREN[type] ?? [];
  const foreign = FOREIGN[type] ?? {};
  const fields = type === "plugins" ? PLUGIN_ENTITY_FIELDS : SCHEMAS[type].fields;
  const preprocessed = type === "services" ? expandServiceUrl(raw) : { value: raw, err: {} };
  const checked = validateRecord(fields, preprocessed.value, {
    ignoreKeys: [...children, ...Object.keys(foreign), "url"],
  });
  const errs: Record<string, ErrTree> = { ...(checked.err ?? {}), ...preprocessed.err };
  const refs: Record<string, string> = {};
  const parentFk = parent ? SINGULAR_FK[parent.type] : undefined;
  for (const fk of Object.keys(foreign)) {
    const v = raw[fk];
    if (v === undefined || v === null) continue;
    if (fk === parentFk) errs[fk] = "value must be null";
    else if (typeof v === "string") refs[fk] = v;
    else if (isRecord(v) && typeof v["id"] === "string") refs[fk] = v["id"];
    else errs[fk] = "expected a string";
  }
  const item: WalkedItem = { type, path, raw, value: checked.value, refs, parent, index };
  if (type === "plugins") validatePlugin(item, errs, parentFk);
  else if (Object.keys(errs).length === 0) Object.assign(errs, SCHEMAS[type].check?.(checked.value) ?? {});
  for (const [field, msg] of Object.entries(errs)) fail(r, [...path, field], msg, item, field);
  return item;
}

function validatePlugin(item: WalkedItem, errs: Record<string, ErrTree>, parentFk: string | undefined): void {
  const name = item.value["name"];
  if (typeof name !== "string" || errs["name"] !== undefined) return;
  if (!BUNDLED_PLUGINS.has(name)) {
    errs["name"] = pluginNotEnabledMessage(name);
    return;
  }
  const schema = PLUGIN_SCHEMAS[name];
  const rawConfig = item.value["config"] ?? {};
  if (!schema) return;
  if (schema.noConsumer && (item.refs["consumer"] !== undefined || parentFk === "consumer"))
    errs["consumer"] = "value must be null";
  const config = validateField({ type: "record", fields: schema.fields }, rawConfig);
  item.value["config"] = config.value;
  if (config.err !== undefined) {
    errs["config"] = config.err;
    return;
  }
  const configValue = config.value as Record<string, unknown>;
  const custom = schema.validate?.(configValue);
  if (custom !== undefined) {
    errs["config"] = custom;
    return;
  }
  const entity = schema.entityCheck?.(configValue);
  if (entity?.config) errs["config"] = entity.config;
  if (entity?.entity) errs["@entity"] = entity.entity;
}

/** Kong's service `url` shorthand: sets protocol, host, port and path (port from the scheme if absent). */
function expandServiceUrl(raw: Record<string, unknown>): {
  value: Record<string, unknown>;
  err: Record<string, ErrTree>;
} {
  const url = raw["url"];
  if (url === undefined || url === null) return { value: raw, err: {} };
  if (typeof url !== "string") return { value: raw, err: { url: "expected a string" } };
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\[[^\]]+\]|[^/:?#]*)(?::(\d+))?([^?#]*)/.exec(url);
  if (!m || m[2] === "") return { value: raw, err: { url: "missing host in url" } };
  const protocol = m[1]!.toLowerCase();
  const value: Record<string, unknown> = { ...raw, protocol, host: m[2] };
  if (m[3] !== undefined) value["port"] = Number(m[3]);
  else if (protocol === "https" || protocol === "grpcs" || protocol === "tls") value["port"] = 443;
  else value["port"] = 80;
  if (m[4]) value["path"] = m[4];
  return { value, err: {} };
}
