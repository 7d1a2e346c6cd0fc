/**
 * The hardened Kong configs the detection suite weakens, built around the suite's keys and upstream.
 *
 * - `iss`: the usual Buildkite setup the catalogue's kongReason rows assume (key_claim_name iss, one RS256
 *   credential, claims_to_verify [exp, nbf], maximum_expiration 7200, uri_param_names []).
 * - `org`: credentials keyed on the immutable organization_id claim (buildkite.md §1.5, `--claim
 *   organization_id`), two trusted organizations of which only one may deploy (acl). Kong OSS then tells
 *   organizations apart, which a config keyed on the shared `iss` cannot.
 */
import { idClaimFor } from "../../src/identity/forge/helpers.ts";

export const ORGANIZATION = "acme-inc";
export const ORGANIZATION_ID = idClaimFor("organization_id", ORGANIZATION);
/** The organization the catalogue's other-organization case impersonates (trusted here, but not a deployer). */
export const OTHER_ORGANIZATION_ID = idClaimFor("organization_id", `${ORGANIZATION}-other`);
export const ISSUER = "https://agent.buildkite.com";
export const ROUTE_PATH = "/deploy/production";

export type Baseline = "iss" | "org";

export interface ConfigKnobs {
  readonly jwt?: Record<string, unknown>;
  readonly omitJwt?: readonly string[];
  readonly acl?: false;
  readonly aclAllow?: readonly string[];
  readonly keyClaim?: "iss";
}

const HARDENED_JWT = {
  claims_to_verify: ["exp", "nbf"],
  maximum_expiration: 7200,
  uri_param_names: [],
};

export function buildConfig(
  baseline: Baseline,
  env: { readonly upstreamUrl: string; readonly publicKeyPem: string },
  knobs: ConfigKnobs = {},
): Record<string, unknown> {
  const keyClaim = knobs.keyClaim ?? (baseline === "org" ? "organization_id" : "iss");
  const jwt: Record<string, unknown> = { key_claim_name: keyClaim, ...HARDENED_JWT, ...knobs.jwt };
  for (const field of knobs.omitJwt ?? []) delete jwt[field];
  const plugins: Record<string, unknown>[] = [{ name: "jwt", config: jwt }];
  if (baseline === "org" && knobs.acl !== false)
    plugins.push({ name: "acl", config: { allow: knobs.aclAllow ?? ["deployers"] } });
  const credential = (key: string) => ({ key, algorithm: "RS256", rsa_public_key: env.publicKeyPem });
  const consumers =
    baseline === "iss" || keyClaim === "iss"
      ? [{ username: "buildkite", jwt_secrets: [credential(ISSUER)], acls: [{ group: "deployers" }] }]
      : [
          { username: "acme", jwt_secrets: [credential(ORGANIZATION_ID)], acls: [{ group: "deployers" }] },
          {
            username: "acme-other",
            jwt_secrets: [credential(OTHER_ORGANIZATION_ID)],
            acls: [{ group: "readers" }],
          },
        ];
  return {
    _format_version: "3.0",
    services: [
      { name: "deploy", url: env.upstreamUrl, routes: [{ name: "deploy", paths: ["/deploy"], plugins }] },
    ],
    consumers: [...consumers, { username: "guest", acls: [{ group: "guests" }] }],
  };
}
