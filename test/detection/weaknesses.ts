/**
 * The weaknesses the detection suite plants: config mistakes Kong accepts (run on Kong's real jwt plugin)
 * and verifier flaws a config cannot express (a weakened jwt plugin swapped in with `pluginOverrides`).
 * Each is measured against the gateway it was weakened from (`comparedWith`): a weakness is caught when a
 * case that passes there fails here.
 */
import type { Baseline, ConfigKnobs } from "./configs.ts";
import type { JwtFlaws } from "./weak-jwt.ts";

export interface Weakness {
  readonly id: string;
  readonly kind: "config" | "behaviour";
  readonly description: string;
  readonly baseline: Baseline;
  readonly config?: ConfigKnobs;
  readonly flaws?: JwtFlaws;
  /** The gateway it is compared with: "hardened" (its baseline) or another weakness's id. */
  readonly comparedWith?: string;
}

export const WEAKNESSES: readonly Weakness[] = [
  {
    id: "no-claims-to-verify",
    kind: "config",
    description: "jwt without claims_to_verify (Kong's default): exp and nbf never checked (kong.md §1.5)",
    baseline: "iss",
    // maximum_expiration needs exp in claims_to_verify (kong.md §1.1 entity check), so it goes too.
    config: { omitJwt: ["claims_to_verify", "maximum_expiration"] },
  },
  {
    id: "no-maximum-expiration",
    kind: "config",
    description: "jwt without maximum_expiration: any lifetime accepted",
    baseline: "iss",
    config: { omitJwt: ["maximum_expiration"] },
  },
  {
    id: "uri-param-default",
    kind: "config",
    description: 'uri_param_names left at its default ["jwt"]: tokens accepted from the query string',
    baseline: "iss",
    config: { omitJwt: ["uri_param_names"] },
  },
  {
    id: "key-claim-iss-shared",
    kind: "config",
    description:
      "credentials keyed on iss, shared by every Buildkite organization, instead of organization_id",
    baseline: "org",
    config: { keyClaim: "iss" },
  },
  {
    id: "missing-acl",
    kind: "config",
    description: "no acl on the route: every trusted organization may deploy",
    baseline: "org",
    config: { acl: false },
  },
  {
    id: "anonymous-fallback",
    kind: "config",
    description:
      "jwt anonymous: guest with the guest group allowed by the acl: a failed login proxies as guest",
    baseline: "org",
    config: { jwt: { anonymous: "guest" }, aclAllow: ["deployers", "guests"] },
  },
  flaw("signature-skipped", "signature never verified", { skipSignature: true }),
  flaw("alg-none-accepted", 'alg taken from the token, "none" = unsigned is fine', { acceptAlgNone: true }),
  flaw("alg-not-pinned", "alg taken from the token among RS*/PS* (not pinned to the credential's RS256)", {
    algNotPinned: true,
  }),
  flaw("key-confusion", "HS256 accepted with the RSA public key PEM as HMAC secret", { keyConfusion: true }),
  flaw("exp-ignored", "exp never checked although claims_to_verify lists it", { ignoreExp: true }),
  flaw("nbf-ignored", "nbf never checked although claims_to_verify lists it", { ignoreNbf: true }),
  flaw("kid-as-key-path", "kid read as a key file path (/dev/null → empty HMAC key)", { kidAsKeyPath: true }),
  flaw("jwk-header-trusted", "key taken from the token's embedded jwk", { trustJwkHeader: true }),
  flaw("jku-followed", "key fetched from the token's jku URL", { followJku: true }),
  flaw("x5u-fetched", "x5u URL fetched (no certificate there, so it still answers 401)", { fetchX5u: true }),
  flaw("x5c-trusted", "key taken from the token's embedded x5c certificate", { trustX5c: true }),
  flaw("iss-discovery", "OIDC discovery on an unknown iss, trusting the keys found there", {
    issDiscovery: true,
  }),
  flaw("header-only", "a header naming the trusted key's kid counts as verified (signature not checked)", {
    headerOnly: true,
  }),
  {
    ...flaw("first-token-wins", "several tokens: the first found wins instead of a 401", {
      firstTokenWins: true,
    }),
    // Only visible when a second token location is read; compared with that config on Kong's real plugin.
    config: { omitJwt: ["uri_param_names"] },
    comparedWith: "uri-param-default",
  },
];

function flaw(id: string, description: string, flaws: JwtFlaws): Weakness {
  return { id, kind: "behaviour", description, baseline: "iss", flaws };
}
