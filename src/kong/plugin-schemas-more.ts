/**
 * Config schemas of ip-restriction, http-log and file-log (Kong 3.9.3 `kong/plugins/*\/schema.lua`
 * and `typedefs.queue`), with Kong's defaults and error strings (kong.md §8, §9).
 */
import { isIP } from "node:net";
import type { PluginSchema } from "./plugin-schemas.ts";
import type { FieldDef } from "./schema.ts";

const bool = (def: boolean): FieldDef => ({ type: "boolean", required: true, default: def });
const luaMap: FieldDef = { type: "map", values: { type: "string" } };

/** `typedefs.ip_or_cidr`: an IPv4/IPv6 address or a CIDR range with a valid prefix length. */
export function checkIpOrCidr(value: string): string | undefined {
  const [ip, bits, extra] = value.split("/");
  const family = isIP(ip ?? "");
  const max = family === 4 ? 32 : 128;
  const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
  return family !== 0 && bitsOk && extra === undefined ? undefined : `invalid ip or cidr range: '${value}'`;
}

const ipList: FieldDef = { type: "array", elements: { type: "string", check: checkIpOrCidr } };

export const IP_RESTRICTION_SCHEMA: PluginSchema = {
  fields: { allow: ipList, deny: ipList, status: { type: "number" }, message: { type: "string" } },
  entityCheck(config) {
    const set = (k: string): boolean => Array.isArray(config[k]) && (config[k] as unknown[]).length > 0;
    if (set("allow") || set("deny")) return undefined;
    return { entity: ["at least one of these fields must be non-empty: 'config.allow', 'config.deny'"] };
  },
};

function checkUrl(url: string): string | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(url);
  if (!m) return "missing host in url";
  if (!/^https?$/i.test(m[1]!)) return "unsupported scheme";
  return m[2] === "" ? "missing host in url" : undefined;
}

const FORBIDDEN_LOG_HEADERS: Readonly<Record<string, string>> = {
  host: "cannot contain 'Host' header",
  "content-length": "cannot contain 'Content-Length' header",
  "content-type": "cannot contain 'Content-Type' header",
};

/** `typedefs.queue` (kong/tools/queue_schema.lua). */
const QUEUE: FieldDef = {
  type: "record",
  required: true,
  default: {},
  fields: {
    max_batch_size: { type: "integer", default: 1, between: [1, 1000000] },
    max_coalescing_delay: { type: "number", default: 1, between: [0, 3600] },
    max_entries: { type: "integer", default: 10000, between: [1, 1000000] },
    max_bytes: { type: "integer" },
    max_retry_time: { type: "number", default: 60 },
    initial_retry_delay: { type: "number", default: 0.01, between: [0.001, 1000000] },
    max_retry_delay: { type: "number", default: 60, between: [0.001, 1000000] },
    concurrency_limit: { type: "integer", default: 1, one_of: [-1, 1] },
  },
};

export const HTTP_LOG_SCHEMA: PluginSchema = {
  fields: {
    http_endpoint: { type: "string", required: true, check: checkUrl },
    method: { type: "string", default: "POST", one_of: ["POST", "PUT", "PATCH"] },
    content_type: {
      type: "string",
      default: "application/json",
      one_of: ["application/json", "application/json; charset=utf-8"],
    },
    timeout: { type: "number", default: 10000 },
    keepalive: { type: "number", default: 60000 },
    retry_count: { type: "integer" },
    queue_size: { type: "integer" },
    flush_timeout: { type: "number" },
    headers: { type: "map", values: { type: "string" } },
    queue: QUEUE,
    custom_fields_by_lua: luaMap,
  },
  validate(config) {
    const headers = (config["headers"] ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(headers)) {
      const err = FORBIDDEN_LOG_HEADERS[name.toLowerCase()];
      if (err) return err;
    }
    return undefined;
  },
};

export const FILE_LOG_SCHEMA: PluginSchema = {
  fields: {
    path: {
      type: "string",
      required: true,
      check: (p) => (/^[^*&%`]+$/.test(p) ? undefined : "not a valid filename"),
    },
    reopen: bool(false),
    custom_fields_by_lua: luaMap,
  },
};
