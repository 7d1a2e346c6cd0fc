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
    jwt_secrets, acls, keyauth_credentials, nesting, references by name or id, _comment/_ignore,
    url shorthand, Kong defaults, Kong's validation messages for the checks it knows (POST /config
    400 code 14, fields, flattened_errors), deterministic ids (Kong's uuid v5 scheme).
  - Plugins: ${IMPLEMENTED_PLUGIN_NAMES.join(", ")}.
  - Router (traditional_compatible): matches the normalized path (percent-decoding of unreserved
    bytes, dot segments, merged slashes, as kong/tools/uri.lua), prefix and "~" regex paths,
    regex_priority, hosts (exact and wildcard), methods, headers (exact and ~*), strip_path,
    preserve_host, path_handling v0; the upstream URI is escaped as Kong escapes it.
  - Proxy: per-service connection pool, connect/write/read timeouts on ms-accurate timers (connect
    covers the TLS handshake, as nginx does), retries under proxy_next_upstream error timeout
    (a sent non-idempotent request is not retried); 502/504/503 error pages.
  - Log phase: http-log (queue batching, retries) and file-log records in kong.log.serialize() shape,
    including Kong-generated responses and, for global loggers, no-route 404s.
  - Admin API: GET /, /status, /config, POST /config (all four forms, check_hash, flatten_errors),
    read-only entity listings, 405 answers to writes as in DB-less Kong.

Refused (never silently ignored): the gateway will not start or reload with these, error
SG_TARGET_UNSUPPORTED_CONFIG (exit 3; use --target docker or remove them). On the Admin API,
POST /config answers 400 {"name":"unsupported by the embedded gateway","message":...,"unsupported":[...]}
(no "code" field, so it is never mistaken for Kong's schema error) and keeps the running config.
  - Bundled plugins not listed above (cors, proxy-cache, request-transformer, ...), when enabled on HTTP.
  - rate-limiting policy "redis"; custom_fields_by_lua on the loggers (Lua cannot run).
  - A service whose host names a declared upstream (load balancing), and grpc/grpcs/ws/wss services.
  Enterprise-only plugins (openid-connect, mtls-auth, ...) are refused exactly as Kong OSS refuses
  them: "plugin '<name>' not enabled; add it to the 'plugins' configuration property" (code 14).

Differs from Kong
  - No nginx: no TLS listeners (https-only routes answer 426), no HTTP/2, no gRPC, no stream routes,
    no trusted_ips / real_ip handling (every client is untrusted, as with Kong's defaults).
  - Regex paths use JavaScript RegExp on the byte string of the path, not PCRE: rare syntax
    differences are possible, and non-ASCII regexes match bytes.
  - path_handling "v1" is treated as "v0" (Kong deprecates v1 under traditional_compatible).
  - _format_version "1.1"/"2.1" are refused with a message (convert with \`deck file convert\`)
    instead of auto-migrated.
  - Log records: JSON.stringify, so "/" is not written as "\\/" (any JSON parser reads both alike);
    request.size is computed from the request line, headers and body; tries carry no balancer
    latency; latencies.receive is 0; file-log "reopen" has no effect (every write appends by path).
  - Node merges repeated request headers before header-based routing and plugins see them.
  - upstreams, targets, certificates, snis, vaults and other credential types are ignored (with a
    warning) unless a service uses an upstream (refused, see above).
  - GET / and /status report plausible, not measured, values for nginx/Lua internals; GET / adds
    configuration.shadowgate_embedded = true so a harness can tell the emulator from Kong.
  - Speed: one Node event loop instead of nginx workers in C, so it is much slower than Kong. Its own
    cost is in every latency it serves, so read the cost of auth as the difference between two routes
    through the same gateway (what \`bench\` does) and never as an absolute Kong figure.
    \`npm run bench:gateway\` prints its throughput beside a bare node:http + undici proxy.

Not emulated at all
  - DB mode (Postgres), hybrid mode, Kong Manager, the Status API listener, Enterprise plugins.
`;
