/** Small builders the forged cases share: valid claims, signing variants, request parts. */
import { compactJws, signHmac, signingInput, type HmacAlgorithm } from "../jws.ts";
import type { MintRequest } from "../types.ts";
import { derivedUuid } from "../uuid.ts";
import type { ForgeContext, ForgedRequestParts } from "./types.ts";

/** A failed authentication is 401 (RFC 6750 §3.1 invalid_token); Kong's jwt plugin answers 401 for every row. */
export const REJECTED_401 = { statuses: [401], upstream: "never" } as const;
/** Authenticated but not allowed: a policy layer may answer 403 instead (peers.md §4.3 preamble). */
export const REJECTED_401_OR_403 = { statuses: [401, 403], upstream: "never" } as const;

/** Used when a case needs attacker infrastructure but none runs: `.invalid` never resolves (RFC 6761). */
export const PLACEHOLDER_ATTACKER_JWKS = "https://attacker.invalid/.well-known/jwks";

export function attackerUrl(ctx: ForgeContext, path?: string): string {
  const jwks = ctx.attackerJwksUrl ?? PLACEHOLDER_ATTACKER_JWKS;
  return path === undefined ? jwks : new URL(path, jwks).toString();
}

/** The claims of a genuine token for the context's job and audience, issued at ctx.nowSec. */
export function validClaims(ctx: ForgeContext, request: Partial<MintRequest> = {}): Record<string, unknown> {
  return ctx.trusted.claimsFor({
    job: ctx.job,
    audience: ctx.audience,
    issuedAtSec: ctx.nowSec,
    ...(ctx.claims === undefined ? {} : { extraClaims: ctx.claims }),
    ...request,
  });
}

/**
 * The id claim (`organization_id`, `pipeline_id`) a genuine token of another organization or pipeline
 * carries: a stable UUID derived from its slug, so a test config can trust that other party on purpose.
 */
export function idClaimFor(claim: string, slug: string): string {
  return derivedUuid(claim, slug);
}

/** ctx.claims with the named id claims (only those present) replaced by another party's ids. */
export function claimsOfOther(ctx: ForgeContext, slugs: Record<string, string>): Record<string, unknown> {
  const claims: Record<string, unknown> = { ...ctx.claims };
  for (const [claim, slug] of Object.entries(slugs))
    if (claim in claims) claims[claim] = idClaimFor(claim, slug);
  return claims;
}

/** Valid claims with some replaced; an `undefined` value removes the claim. */
export function claimsWith(ctx: ForgeContext, changes: Record<string, unknown>): Record<string, unknown> {
  const claims = validClaims(ctx);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return claims;
}

/** A token signed (RS256) by the trusted key, with the header mint uses. */
export function trustedToken(ctx: ForgeContext, claims: Record<string, unknown>): string {
  return ctx.trusted.sign({ alg: "RS256", kid: ctx.trusted.kid }, claims);
}

/** A token whose signature segment is given raw (empty by default): for unsigned and null-signature cases. */
export function withSignature(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signature: Uint8Array = new Uint8Array(0),
): string {
  return compactJws(signingInput(header, payload), signature);
}

export function hmacToken(
  alg: HmacAlgorithm,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: string | Uint8Array,
): string {
  const input = signingInput(header, payload);
  return compactJws(input, signHmac(alg, secret, input));
}

/** Splits a compact token into its three segments (every token passed here is ours). */
export function segmentsOf(token: string): [string, string, string] {
  const [h = "", p = "", s = ""] = token.split(".");
  return [h, p, s];
}

export function bearer(token: string, note: string): ForgedRequestParts {
  return { headers: { authorization: `Bearer ${token}` }, note };
}
