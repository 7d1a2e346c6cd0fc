/** Kong 3.9.3 jwt plugin answers (kong.md §1.4 rows, exact bodies), shared by the catalogue's cases. */
export const KONG_REASON = {
  noToken: `§1.4 a (uri_param_names []): 401 {"message":"Unauthorized"}`,
  multipleTokens: `§1.4 b: 401 {"message":"Multiple tokens provided"}`,
  invalidJson: `§1.4 c: 401 {"message":"Bad token; invalid JSON"}`,
  invalidAlg: `§1.4 c': 401 {"message":"Bad token; invalid alg"}`,
  missingIss: `§1.4 d: 401 {"message":"No mandatory 'iss' in claims"}`,
  emptyIss: `§1.4 d': 401 {"message":"Invalid 'iss' in claims"}`,
  unknownIss: `§1.4 e: 401 {"message":"No credentials found for given 'iss'"}`,
  algorithmMismatch: `§1.4 f: 401 {"message":"Invalid algorithm"}`,
  invalidSignature: `§1.4 h: 401 {"message":"Invalid signature"}`,
  expired: `§1.4 i (claims_to_verify has exp): 401 {"exp":"token expired"}`,
  notYetValid: `§1.4 i (claims_to_verify has nbf): 401 {"nbf":"token not valid yet"}`,
  expNotNumber: `§1.4 i (claims_to_verify has exp): 401 {"exp":"must be a number"}`,
  maximumExpiration: `§1.4 j (maximum_expiration <= 7200): 401 {"exp":"exceeds maximum allowed expiration"}`,
} as const;

/** kong.md §1.5: without exp/nbf in claims_to_verify the plugin never looks at them. */
export const UNCHECKED_TIME_CAVEAT =
  "Kong accepts it when config.claims_to_verify is unset (the default): exp and nbf are then not checked (kong.md §1.5).";

/** peers.md §4.3 #33: the OSS jwt plugin verifies only signature and exp/nbf, never aud/sub/org claims. */
export const POLICY_CAVEAT =
  "Kong OSS's jwt plugin never checks aud, sub or Buildkite claims: it accepts this validly signed token unless a policy layer (per-route consumer/ACL mapping, pre-function, OIDC plugin) rejects it.";

/** kong.md §1.1/§1.3: the default uri_param_names ["jwt"] reads tokens from the query string. */
export const QUERY_TOKEN_CAVEAT =
  'Kong accepts it with the default uri_param_names ["jwt"]: set uri_param_names: [] so tokens never travel in URLs, where access logs, proxies and Referer headers keep them (kong.md §1.1, §1.3).';
