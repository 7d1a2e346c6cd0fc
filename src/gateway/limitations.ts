/**
 * What `shadowgate gateway --help` prints about the embedded gateway: where it differs from Kong OSS
 * 3.9.3 and what it does not emulate (DESIGN.md: "it says so … and never pretends").
 */
import { IMPLEMENTED_PLUGIN_NAMES } from "./plugin-registry.ts";

export const EMBEDDED_GATEWAY_LIMITATIONS = `\
Embedded gateway: a Kong OSS 3.9.3 emulator (DB-less) written in TypeScript on node:http + undici.
It reproduces Kong's statuses, bodies, headers and check order for what it implements; it is not Kong.

Implemented
  - Declarative config _format_version "3.0" (YAML or JSON): services, routes, consumers, plugins,
    jwt_secrets, acls, keyauth_credentials, nesting, references by name or id, Kong defaults,
    Kong's validation messages for the checks it knows, deterministic ids (Kong's uuid v5 scheme).
  - Plugins: ${IMPLEMENTED_PLUGIN_NAMES.join(", ")} (rate-limiting: policy "local" only).
  - Router: prefix and "~" regex paths, hosts (exact and wildcard), methods, headers, regex_priority,
    Kong's traditional_compatible priority order, strip_path, preserve_host, path_handling v0.
  - Proxy: per-service connection pool, connect/read timeouts, retries; 502/504/503 error pages.
  - Admin API: GET /, /status, /config, POST /config (all four forms, check_hash, flatten_errors),
    read-only entity listings, 405 answers to writes as in DB-less Kong.

Differs from Kong
  - No nginx: no TLS listeners (https-only routes answer 426), no HTTP/2, no gRPC, no stream routes,
    no trusted_ips / real_ip handling (every client is untrusted, as with Kong's defaults).
  - Request paths are matched as sent (no percent-decoding or dot-segment normalization).
  - Regex paths use JavaScript RegExp, not PCRE: rare syntax differences are possible.
  - Timeouts have undici's timer granularity (about 0.5 s); write_timeout is not enforced.
  - path_handling "v1" is treated as "v0" (Kong deprecates v1 under traditional_compatible).
  - _format_version "1.1"/"2.1" are refused instead of auto-migrated.
  - Bundled plugins that are not implemented are accepted (their config is not validated) and
    ignored, with a warning; their effect (logging, CORS, transformations, ...) is absent.
  - upstreams, targets, certificates, snis, vaults and other credential types are ignored.
  - The log phase runs, but no logging plugin is implemented (no http-log / file-log records).
  - GET / and /status report plausible, not measured, values for nginx/Lua internals; GET / adds
    configuration.shadowgate_embedded = true so a harness can tell the emulator from Kong.

Not emulated at all
  - DB mode (Postgres), hybrid mode, Kong Manager, the Status API listener.
  - Enterprise plugins (openid-connect, mtls-auth, ...): refused exactly as Kong OSS refuses them.
`;
