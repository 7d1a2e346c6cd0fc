/**
 * The forged-token catalogue's shape. Cases are data: an id, what a correct gateway does, which Kong jwt
 * check rejects it, and a `build` that produces the request parts. Tokens never leave `build` except in
 * the headers/query that are sent; `note` says what was sent without the token.
 */
import type { BuildkiteJob, Issuer } from "../types.ts";

export interface ForgeContext {
  /** The issuer the gateway trusts (its public key is in the gateway config / JWKS). */
  readonly trusted: Issuer;
  /** An attacker's issuer: same shape, key the gateway has never seen. */
  readonly untrusted: Issuer;
  /** The job the forged requests pretend to come from. */
  readonly job: BuildkiteJob;
  /** The audience the gateway expects; valid-looking cases use it so only the forged part differs. */
  readonly audience: string;
  readonly nowSec: number;
  /** JWKS served by the attacker (a JwksServer publishing `untrusted`); see `requiresAttackerServer`. */
  readonly attackerJwksUrl?: string;
  /**
   * Optional claims every genuine token of the job carries (`--claim organization_id`, buildkite.md §1.5),
   * e.g. the claim the gateway keys its credentials on. Cases for another organization or pipeline carry
   * that one's own ids instead (see `idClaimFor`).
   */
  readonly claims?: Readonly<Record<string, unknown>>;
}

export interface ForgedRequestParts {
  readonly headers: Record<string, string>;
  readonly query?: Record<string, string>;
  /** human note of what was sent, never the raw token */
  readonly note: string;
}

export type ForgedCaseClass = "signature" | "algorithm" | "key-selection" | "claims" | "buildkite";

export interface ForgedCase {
  /** kebab-case, stable: used in check ids (`forged.<id>`) and `shadowgate forge --list`. */
  readonly id: string;
  readonly class: ForgedCaseClass;
  readonly description: string;
  build(ctx: ForgeContext): ForgedRequestParts;
  /** what a correct gateway does */
  readonly expect: { readonly statuses: readonly number[]; readonly upstream: "never" };
  /**
   * Which Kong jwt check should reject it, when known (kong.md §1.4 row letter + status + body). Assumes
   * the usual hardened Buildkite setup: key_claim_name `iss`, one RS256 jwt_secrets credential whose key
   * is the trusted `iss`, uri_param_names [], and claims_to_verify [exp, nbf] where the row says so.
   */
  readonly kongReason?: string;
  /** When Kong OSS's jwt plugin would accept the token anyway (the config needs more than the plugin). */
  readonly kongCaveat?: string;
  /** The case needs `ctx.attackerJwksUrl` (a running attacker JwksServer) to be meaningful. */
  readonly requiresAttackerServer?: true;
  /** Where the case comes from: peers.md §4.3 number, CVE, or buildkite.md section. */
  readonly reference: string;
}
