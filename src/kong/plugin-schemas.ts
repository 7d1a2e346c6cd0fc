/**
 * Config schemas of the plugins the embedded gateway implements, with Kong 3.9.3's defaults and
 * validation messages (kong.md §1.1, §3, §4.1, §5, §9). Bundled plugins without a schema here are
 * accepted with their config unchecked; the embedded gateway refuses to run them (unsupported.ts).
 */
import type { ErrTree } from "./error-tree.ts";
import { FILE_LOG_SCHEMA, HTTP_LOG_SCHEMA, IP_RESTRICTION_SCHEMA } from "./plugin-schemas-more.ts";
import type { Fields, FieldDef } from "./schema.ts";

export interface PluginSchema {
  readonly fields: Fields;
  /** Kong `typedefs.no_consumer`: the plugin cannot be scoped to a consumer. */
  readonly noConsumer?: boolean;
  /** Record-level custom validator: its message becomes the `config` error. */
  readonly validate?: (config: Record<string, unknown>) => string | undefined;
  /** Entity checks: errors at the plugin level (`@entity`) and inside `config`. */
  readonly entityCheck?: (
    config: Record<string, unknown>,
  ) => { readonly config?: Record<string, ErrTree>; readonly entity?: string[] } | undefined;
}

const str: FieldDef = { type: "string" };
const stringSet = (def: string[] | undefined): FieldDef =>
  def === undefined ? { type: "set", elements: str } : { type: "set", elements: str, default: def };
const bool = (def: boolean): FieldDef => ({ type: "boolean", required: true, default: def });
const present = (v: unknown): boolean => v !== undefined && v !== null;

const jwt: PluginSchema = {
  noConsumer: true,
  fields: {
    uri_param_names: stringSet(["jwt"]),
    cookie_names: stringSet([]),
    key_claim_name: { type: "string", default: "iss" },
    secret_is_base64: bool(false),
    claims_to_verify: { type: "set", elements: { type: "string", one_of: ["exp", "nbf"] } },
    anonymous: str,
    run_on_preflight: bool(true),
    maximum_expiration: { type: "number", default: 0, between: [0, 31536000] },
    header_names: stringSet(["authorization"]),
    realm: str,
  },
  // kong.md §1.1: a `conditional` entity check. Kong's validate_field passes a null then-field, so an
  // unset claims_to_verify is accepted (the runtime check then rejects every token without `exp`).
  entityCheck(config) {
    const max = config["maximum_expiration"];
    const claims = config["claims_to_verify"];
    if (typeof max === "number" && max > 0 && Array.isArray(claims) && !claims.includes("exp")) {
      return {
        config: { claims_to_verify: "expected to contain: exp" },
        entity: ["failed conditional validation given value of field 'config.maximum_expiration'"],
      };
    }
    return undefined;
  },
};

const requestTermination: PluginSchema = {
  fields: {
    status_code: { type: "integer", required: true, default: 503, between: [100, 599] },
    message: str,
    content_type: str,
    body: str,
    echo: bool(false),
    trigger: str,
  },
  // kong.md §5 validation errors, in the handler schema's order.
  validate(config) {
    if (present(config["message"]) && (present(config["content_type"]) || present(config["body"])))
      return "message cannot be used with content_type or body";
    if (present(config["content_type"]) && !present(config["body"])) return "content_type requires a body";
    if (config["echo"] === true && (present(config["content_type"]) || present(config["body"])))
      return "echo cannot be used with content_type and body";
    return undefined;
  },
};

const acl: PluginSchema = {
  noConsumer: true,
  fields: {
    allow: { type: "array", elements: str },
    deny: { type: "array", elements: str },
    hide_groups_header: bool(false),
    always_use_authenticated_groups: bool(false),
  },
  entityCheck(config) {
    const allow = present(config["allow"]);
    const deny = present(config["deny"]);
    if (allow && deny)
      return { entity: ["only one of these fields must be non-empty: 'config.allow', 'config.deny'"] };
    if (!allow && !deny)
      return { entity: ["at least one of these fields must be non-empty: 'config.allow', 'config.deny'"] };
    return undefined;
  },
};

const keyAuth: PluginSchema = {
  noConsumer: true,
  fields: {
    key_names: { type: "array", elements: str, required: true, default: ["apikey"] },
    hide_credentials: bool(false),
    anonymous: str,
    key_in_header: bool(true),
    key_in_query: bool(true),
    key_in_body: bool(false),
    run_on_preflight: bool(true),
    realm: str,
  },
};

export const RATE_LIMIT_PERIODS = ["second", "minute", "hour", "day", "month", "year"] as const;
const positive: FieldDef = { type: "number", gt: 0 };

const rateLimiting: PluginSchema = {
  fields: {
    second: positive,
    minute: positive,
    hour: positive,
    day: positive,
    month: positive,
    year: positive,
    limit_by: {
      type: "string",
      default: "consumer",
      one_of: ["consumer", "credential", "ip", "service", "header", "path"],
    },
    header_name: str,
    path: str,
    // kong.md §4.1: in DB-less the `cluster` policy is not offered.
    policy: { type: "string", default: "local", one_of: ["local", "redis"] },
    fault_tolerant: bool(true),
    redis: { type: "any" },
    hide_client_headers: bool(false),
    error_code: { type: "number", default: 429, gt: 0 },
    error_message: { type: "string", default: "API rate limit exceeded" },
    sync_rate: { type: "number", default: -1 },
    redis_host: { type: "any" },
    redis_port: { type: "any" },
    redis_password: { type: "any" },
    redis_username: { type: "any" },
    redis_ssl: { type: "any" },
    redis_ssl_verify: { type: "any" },
    redis_server_name: { type: "any" },
    redis_timeout: { type: "any" },
    redis_database: { type: "any" },
  },
  validate(config) {
    let previous: { name: string; limit: number } | undefined;
    for (const period of RATE_LIMIT_PERIODS) {
      const limit = config[period];
      if (typeof limit !== "number") continue;
      if (previous && limit < previous.limit)
        return `The limit for ${period}(${limit.toFixed(1)}) cannot be lower than the limit for ${previous.name}(${previous.limit.toFixed(1)})`;
      previous = { name: period, limit };
    }
    if (config["sync_rate"] !== -1 && config["policy"] !== "redis")
      return "sync_rate can only be used with the redis policy";
    return undefined;
  },
  entityCheck(config) {
    if (RATE_LIMIT_PERIODS.some((p) => present(config[p]))) return undefined;
    const list = RATE_LIMIT_PERIODS.map((p) => `'config.${p}'`).join(", ");
    return { entity: [`at least one of these fields must be non-empty: ${list}`] };
  },
};

const correlationId: PluginSchema = {
  fields: {
    header_name: { type: "string", default: "Kong-Request-ID" },
    generator: {
      type: "string",
      required: true,
      default: "uuid#counter",
      one_of: ["uuid", "uuid#counter", "tracker"],
    },
    echo_downstream: bool(false),
  },
};

export const PLUGIN_SCHEMAS: Readonly<Record<string, PluginSchema>> = {
  jwt,
  "request-termination": requestTermination,
  acl,
  "key-auth": keyAuth,
  "rate-limiting": rateLimiting,
  "correlation-id": correlationId,
  "ip-restriction": IP_RESTRICTION_SCHEMA,
  "http-log": HTTP_LOG_SCHEMA,
  "file-log": FILE_LOG_SCHEMA,
};
