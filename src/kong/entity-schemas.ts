/**
 * Core entity schemas (services, routes, consumers) and the credential entities of jwt, acl and
 * key-auth, with Kong 3.9.3 defaults (kong.md §1.2, §3, §6.2) and error strings.
 */
import { createPublicKey } from "node:crypto";
import type { ErrTree } from "./error-tree.ts";
import { JWT_ALGORITHMS } from "./types.ts";
import type { FieldDef, Fields } from "./schema.ts";

const str: FieldDef = { type: "string" };
const tags: FieldDef = { type: "set", elements: str };
const timestamp: FieldDef = { type: "integer" };
const timeout: FieldDef = { type: "integer", default: 60000, between: [1, 2147483646] };
const any: FieldDef = { type: "any" };

export const HTTP_PROTOCOLS = [
  "grpc",
  "grpcs",
  "http",
  "https",
  "tcp",
  "tls",
  "tls_passthrough",
  "udp",
  "ws",
  "wss",
];

export interface EntitySchema {
  readonly fields: Fields;
  /** Entity checks; only run when every field is valid. Returns errors keyed by field or `@entity`. */
  readonly check?: (entity: Record<string, unknown>) => Record<string, ErrTree> | undefined;
}

export const SERVICE_SCHEMA: EntitySchema = {
  fields: {
    id: str,
    name: str,
    created_at: timestamp,
    updated_at: timestamp,
    retries: { type: "integer", default: 5, between: [0, 32767] },
    protocol: { type: "string", required: true, default: "http", one_of: HTTP_PROTOCOLS },
    host: { type: "string", required: true },
    port: { type: "integer", required: true, default: 80, between: [0, 65535] },
    path: {
      type: "string",
      check: (p) => (p.startsWith("/") ? undefined : "should start with: /"),
    },
    connect_timeout: timeout,
    write_timeout: timeout,
    read_timeout: timeout,
    tags,
    client_certificate: any,
    tls_verify: { type: "boolean" },
    tls_verify_depth: { type: "integer" },
    ca_certificates: any,
    enabled: { type: "boolean", required: true, default: true },
  },
};

function checkRouterPath(path: string): string | undefined {
  if (path.startsWith("~")) {
    try {
      new RegExp(path.slice(1));
      return undefined;
    } catch (e) {
      return `invalid regex: '${path.slice(1)}' (PCRE returned: ${(e as Error).message})`;
    }
  }
  return path.startsWith("/") ? undefined : "should start with: / (fixed path) or ~/ (regex path)";
}

export const ROUTE_SCHEMA: EntitySchema = {
  fields: {
    id: str,
    name: str,
    created_at: timestamp,
    updated_at: timestamp,
    protocols: {
      type: "set",
      len_min: 1,
      required: true,
      default: ["http", "https"],
      elements: { type: "string", one_of: HTTP_PROTOCOLS },
    },
    methods: {
      type: "set",
      elements: { type: "string", check: (m) => (/^[A-Z]+$/.test(m) ? undefined : `invalid value: ${m}`) },
    },
    hosts: { type: "array", elements: str },
    paths: { type: "array", elements: { type: "string", check: checkRouterPath } },
    headers: { type: "map", values: { type: "array", elements: str } },
    https_redirect_status_code: {
      type: "integer",
      required: true,
      default: 426,
      one_of: [426, 301, 302, 307, 308],
    },
    regex_priority: { type: "integer", default: 0 },
    strip_path: { type: "boolean", required: true, default: true },
    path_handling: { type: "string", default: "v0", one_of: ["v0", "v1"] },
    preserve_host: { type: "boolean", required: true, default: false },
    request_buffering: { type: "boolean", required: true, default: true },
    response_buffering: { type: "boolean", required: true, default: true },
    snis: any,
    sources: any,
    destinations: any,
    tags,
  },
  // routes_subschemas.lua http subschema: conditional_at_least_one_of on `protocols`.
  check(route) {
    const protocols = route["protocols"] as string[];
    const has = (k: string): boolean => {
      const v = route[k];
      return v !== undefined && v !== null && (typeof v !== "object" || Object.keys(v).length > 0);
    };
    const isHttp = protocols.includes("http") || protocols.includes("https");
    if (!isHttp) return undefined;
    const https = protocols.includes("https");
    const fields = https
      ? ["methods", "hosts", "headers", "paths", "snis"]
      : ["methods", "hosts", "headers", "paths"];
    if (fields.some(has)) return undefined;
    const list = fields.map((f) => `'${f}'`).join(", ");
    return { "@entity": [`must set one of ${list} when 'protocols' is '${https ? "https" : "http"}'`] };
  },
};

export const CONSUMER_SCHEMA: EntitySchema = {
  fields: { id: str, created_at: timestamp, updated_at: timestamp, username: str, custom_id: str, tags },
  check(c) {
    if (typeof c["username"] === "string" || typeof c["custom_id"] === "string") return undefined;
    return { "@entity": ["at least one of these fields must be non-empty: 'custom_id', 'username'"] };
  },
};

/** kong.md §1.2: these algorithms need a parsable `rsa_public_key` (ES* are not in the conditional). */
const NEEDS_PUBLIC_KEY = new Set(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"]);

export function isParsablePublicKey(pem: string): boolean {
  try {
    createPublicKey(pem);
    return true;
  } catch {
    return false;
  }
}

export const JWT_SECRET_SCHEMA: EntitySchema = {
  fields: {
    id: str,
    created_at: timestamp,
    key: str,
    secret: str,
    rsa_public_key: str,
    algorithm: { type: "string", default: "HS256", one_of: [...JWT_ALGORITHMS] },
    tags,
  },
  check(cred) {
    if (!NEEDS_PUBLIC_KEY.has(cred["algorithm"] as string)) return undefined;
    const pem = cred["rsa_public_key"];
    const failed = ["failed conditional validation given value of field 'algorithm'"];
    if (typeof pem !== "string") return { rsa_public_key: "required field missing", "@entity": failed };
    if (!isParsablePublicKey(pem)) return { rsa_public_key: "invalid key", "@entity": failed };
    return undefined;
  },
};

export const ACL_SCHEMA: EntitySchema = {
  fields: { id: str, created_at: timestamp, group: { type: "string", required: true }, tags },
};

export const KEYAUTH_SCHEMA: EntitySchema = {
  fields: { id: str, created_at: timestamp, key: str, ttl: { type: "integer" }, tags },
};

export const PLUGIN_ENTITY_FIELDS: Fields = {
  id: str,
  name: { type: "string", required: true },
  instance_name: str,
  created_at: timestamp,
  updated_at: timestamp,
  config: { type: "any" },
  protocols: {
    type: "set",
    required: true,
    default: ["grpc", "grpcs", "http", "https"],
    elements: { type: "string", one_of: HTTP_PROTOCOLS },
  },
  enabled: { type: "boolean", required: true, default: true },
  tags,
  ordering: any,
};
