/**
 * Every audit rule once: id, worst severity, and the fixed wording of its finding. Rule modules add the
 * entity and any config-specific detail. Forged-case ids refer to src/identity/forge (a test keeps them real).
 */
import type { AuditFinding, AuditRule } from "./audit-types.ts";

export interface RuleDefinition extends AuditRule {
  readonly title: string;
  readonly kongBehaviour: string;
  readonly fix: string;
  readonly demonstratedBy: readonly string[];
}

const BUILDKITE_ISS = "https://agent.buildkite.com";

function rule(def: RuleDefinition): RuleDefinition {
  return def;
}

export const RULES = {
  jwtExpNotVerified: rule({
    id: "jwt-exp-not-verified",
    severity: "high",
    description: "jwt plugin whose claims_to_verify lacks exp: expired and exp-less tokens are accepted.",
    title: "jwt does not verify exp: expired tokens are accepted",
    kongBehaviour:
      "kong.md §1.1, §1.5: claims_to_verify has no default and Kong checks only the claims it lists; without exp, a token that expired (or carries no exp at all) still authenticates",
    fix: "Set config.claims_to_verify: [exp, nbf] on this jwt plugin (and config.maximum_expiration: 7200).",
    demonstratedBy: ["expired", "replayed-after-expiry", "exp-missing"],
  }),
  jwtNbfNotVerified: rule({
    id: "jwt-nbf-not-verified",
    severity: "low",
    description: "jwt plugin whose claims_to_verify lacks nbf: not-yet-valid tokens are accepted.",
    title: "jwt does not verify nbf: not-yet-valid tokens are accepted",
    kongBehaviour:
      "kong.md §1.5: nbf is checked only when listed in claims_to_verify; Buildkite sets nbf = iat (buildkite.md §1.3), so a token with a future nbf only comes from a leaked key or a broken issuer clock",
    fix: "Add nbf to config.claims_to_verify. Kong has no leeway (kong.md §1.5): keep the gateway clock NTP-synced.",
    demonstratedBy: ["nbf-future"],
  }),
  jwtNoMaximumExpiration: rule({
    id: "jwt-no-maximum-expiration",
    severity: "medium",
    description: "jwt plugin with maximum_expiration 0 (the default): tokens of any lifetime are accepted.",
    title: "jwt accepts long-lived tokens (maximum_expiration is 0, i.e. off)",
    kongBehaviour:
      "kong.md §1.1, §1.4 j: maximum_expiration defaults to 0, which disables the exp - now cap, so a token valid for a year authenticates; Buildkite never issues a token living more than 7200 s (buildkite.md §1.3)",
    fix: "Set config.maximum_expiration: 7200 (Kong then requires exp in config.claims_to_verify).",
    demonstratedBy: ["exp-far-future", "lifetime-above-buildkite-max"],
  }),
  jwtMaximumExpirationAboveBuildkite: rule({
    id: "jwt-maximum-expiration-above-buildkite-max",
    severity: "low",
    description: "jwt plugin whose maximum_expiration exceeds Buildkite's 7200 s token lifetime cap.",
    title: "jwt maximum_expiration is above Buildkite's 7200 s lifetime cap",
    kongBehaviour:
      "kong.md §1.4 j: tokens with exp - now up to maximum_expiration are accepted; Buildkite refuses lifetimes above 7200 s (buildkite.md §1.3), so anything longer is not a Buildkite-issued token",
    fix: "Set config.maximum_expiration: 7200 (or lower, e.g. 300 if pipelines use the default lifetime).",
    demonstratedBy: [],
  }),
  jwtTokenInQuery: rule({
    id: "jwt-token-in-query-string",
    severity: "medium",
    description:
      "jwt plugin with non-empty uri_param_names (default [jwt]): tokens are read from the query string.",
    title: "jwt accepts tokens in the query string",
    kongBehaviour:
      "kong.md §1.1, §1.3: uri_param_names defaults to [jwt], so ?jwt=<token> authenticates; http-log/file-log write request.uri and request.querystring in clear (only the authorization header is REDACTED, kong.md §8), as do access logs and proxies",
    fix: "Set config.uri_param_names: [] (Buildkite steps send Authorization: Bearer <token>).",
    demonstratedBy: [],
  }),
  jwtTokenInCookie: rule({
    id: "jwt-token-in-cookie",
    severity: "low",
    description: "jwt plugin with non-empty cookie_names: tokens are read from cookies.",
    title: "jwt accepts tokens in cookies",
    kongBehaviour:
      "kong.md §1.3, §8: tokens are taken from the cookies named in cookie_names; log plugins record the cookie header unredacted",
    fix: "Set config.cookie_names: [] unless a browser client needs it (CI pipelines do not).",
    demonstratedBy: [],
  }),
  keyAuthKeyInQuery: rule({
    id: "key-auth-key-in-query-string",
    severity: "medium",
    description:
      "key-auth plugin with key_in_query true (the default): API keys are read from the query string.",
    title: "key-auth accepts API keys in the query string",
    kongBehaviour:
      "kong.md §3.2: key_in_query defaults to true, so ?apikey=<key> authenticates; log plugins record the query string in clear (kong.md §8)",
    fix: "Set config.key_in_query: false (and config.hide_credentials: true).",
    demonstratedBy: [],
  }),
  jwtBuildkiteIssShared: rule({
    id: "jwt-buildkite-iss-shared-across-organizations",
    severity: "critical",
    description: `jwt keyed on iss with a credential keyed ${BUILDKITE_ISS}: every Buildkite organization's tokens authenticate.`,
    title: "any Buildkite organization's pipeline token authenticates (credential keyed on the shared iss)",
    kongBehaviour: `kong.md §1.4 d-e, §1.5: Kong picks the credential by key_claim_name (iss) and then checks only the signature and exp/nbf, never aud, sub or organization claims; every Buildkite organization's tokens carry iss ${BUILDKITE_ISS} and are signed by the same Buildkite key (buildkite.md §1.4), and they all resolve to the one consumer owning that credential, so an acl cannot tell them apart either (kong.md §3.1)`,
    fix: "Key the credential on an immutable per-organization claim: set config.key_claim_name: organization_id (pipelines request it with --claim organization_id) and give the jwt_secrets credential key: <your organization UUID>; tokens of other organizations then get 401 No credentials found (kong.md §1.4 e). For per-pipeline access, key on pipeline_id with one consumer per pipeline plus acl.",
    demonstratedBy: ["other-organization"],
  }),
  restrictedRouteWithoutAcl: rule({
    id: "restricted-route-without-acl",
    severity: "high",
    description: "A route the scenario's access matrix restricts has no acl plugin in scope.",
    title: "restricted route has no acl: every authenticated consumer reaches it",
    kongBehaviour:
      "kong.md §3.1, §7.1: authentication admits every consumer holding a valid credential; only an acl (priority 950, after auth) on the route, its service or globally limits which consumers get through",
    fix: "Add an acl plugin with allow: [<group>] to this route (or its service) and give that group only to the consumers allowed here.",
    demonstratedBy: [],
  }),
  restrictedRouteUnknown: rule({
    id: "restricted-route-unknown",
    severity: "low",
    description: "A route the scenario's access matrix restricts does not exist in the config.",
    title: "restricted route is not in the Kong config, so its restriction could not be checked",
    kongBehaviour: "kong.md §7.1: routes are matched by name or id; no route has this name or id",
    fix: "Fix the route name in the scenario's access matrix, or add the route to kong.yml.",
    demonstratedBy: [],
  }),
  rateLimitingClusterPolicy: rule({
    id: "rate-limiting-cluster-policy-dbless",
    severity: "high",
    description: "rate-limiting with policy cluster, which DB-less Kong refuses.",
    title: "rate-limiting policy cluster is invalid in DB-less mode: Kong refuses this config",
    kongBehaviour:
      "kong.md §4.1, §7.4: in DB-less the policy field accepts only local and redis, so kong start and POST /config fail with 400 (policy: expected one of: local, redis)",
    fix: "Use policy: local (per-node counters) or policy: redis with config.redis.host set.",
    demonstratedBy: [],
  }),
  rateLimitingRedisWithoutHost: rule({
    id: "rate-limiting-redis-without-host",
    severity: "medium",
    description: "rate-limiting with policy redis but no redis host.",
    title: "rate-limiting uses policy redis without a redis host",
    kongBehaviour:
      "kong.md §4.1: redis.host (or the deprecated redis_host) is required for policy redis; Kong refuses the config, and a limiter whose datastore fails lets every request through while fault_tolerant is true (the default)",
    fix: "Set config.redis.host (and port/timeout), or use policy: local.",
    demonstratedBy: [],
  }),
  anonymousFallbackUnrestricted: rule({
    id: "auth-anonymous-fallback-unrestricted",
    severity: "high",
    description:
      "Every auth plugin on a route has anonymous set and no acl keeps the anonymous consumer out.",
    title: "anonymous fallback lets unauthenticated requests through",
    kongBehaviour:
      "kong.md §1.4 step 2, §3.2: with anonymous set the plugin runs in logical OR mode, and any failed authentication (no token, bad signature, expired) continues as the anonymous consumer instead of answering 401; only an acl after it (kong.md §3.1, priority 950) that excludes that consumer, or another auth plugin without anonymous, rejects it",
    fix: "Remove config.anonymous, or add an acl with allow: [<group>] that the anonymous consumer is not in.",
    demonstratedBy: ["untrusted-key", "payload-tampered"],
  }),
  anonymousConsumerMissing: rule({
    id: "auth-anonymous-consumer-missing",
    severity: "low",
    description: "An auth plugin's anonymous names a consumer the config does not define.",
    title: "anonymous consumer does not exist: failed authentications answer 500",
    kongBehaviour:
      "kong.md §1.6: Kong 3.9.3 loads the anonymous consumer on every failed authentication; when it is missing, kong.client.authenticate raises and the client gets a generic 500 instead of 401",
    fix: "Create the consumer named in config.anonymous, or remove config.anonymous.",
    demonstratedBy: [],
  }),
  unauthenticatedTwinRoute: rule({
    id: "route-unauthenticated-twin",
    severity: "medium",
    description: "A route without any auth plugin proxies to a service that other routes protect.",
    title:
      "unauthenticated route to a service other routes protect (may be intentional, e.g. a health or bench route)",
    kongBehaviour:
      "kong.md §7.1: plugins apply per route, per service or globally; this route has none of the auth plugins its sibling routes use, so the same upstream is reachable without a token",
    fix: "If intentional (health check, benchmark baseline), keep it off the public listener or add ip-restriction; otherwise attach the auth plugin to the service so every route inherits it.",
    demonstratedBy: [],
  }),
  jwtHsSecretShort: rule({
    id: "jwt-hs-secret-short",
    severity: "medium",
    description:
      "HS256/384/512 jwt credential whose secret is shorter than the hash output (32/48/64 bytes).",
    title: "jwt HMAC secret is too short to resist offline guessing",
    kongBehaviour:
      "kong.md §1.4 g: HS* credentials verify with the shared secret as is (base64url-decoded when secret_is_base64); anyone holding one token can brute-force a short secret offline and then mint tokens (RFC 7518 §3.2 requires a key at least as long as the hash)",
    fix: "Use an RS256 credential with Buildkite's public key (Buildkite tokens are RS256), or a random secret of at least 32 bytes (48 for HS384, 64 for HS512).",
    demonstratedBy: [],
  }),
} as const satisfies Record<string, RuleDefinition>;

export type FindingOverrides = Partial<
  Pick<AuditFinding, "severity" | "title" | "kongBehaviour" | "fix" | "demonstratedBy">
>;

export function finding(def: RuleDefinition, entity: string, overrides: FindingOverrides = {}): AuditFinding {
  return {
    id: def.id,
    severity: overrides.severity ?? def.severity,
    title: overrides.title ?? def.title,
    entity,
    kongBehaviour: overrides.kongBehaviour ?? def.kongBehaviour,
    demonstratedBy: overrides.demonstratedBy ?? def.demonstratedBy,
    fix: overrides.fix ?? def.fix,
  };
}

export const BUILDKITE_ISSUER = BUILDKITE_ISS;
