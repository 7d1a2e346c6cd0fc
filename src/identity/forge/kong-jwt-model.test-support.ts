/**
 * Test-only model of Kong 3.9.3's jwt `access` checks (kong.md §1.3-1.5), used to cross-check each forged
 * case's `kongReason`. Assumes: key_claim_name iss, one RS256 credential keyed by the trusted iss,
 * claims_to_verify [exp, nbf], maximum_expiration 7200, uri_param_names [] unless given. Not a gateway: the embedded gateway lives in src/gateway.
 */
import { createPublicKey, verify } from "node:crypto";
import type { Issuer } from "../types.ts";
import type { KONG_REASON } from "./kong-reasons.ts";
import type { ForgedRequestParts } from "./types.ts";

export type KongOutcome = keyof typeof KONG_REASON | "accepted" | "invalidSignatureEncoding";

const SUPPORTED = new Set(
  "HS256 HS384 HS512 RS256 RS384 RS512 ES256 ES384 ES512 PS256 PS384 PS512 EdDSA".split(" "),
);

/** jwt_parser.lua base64_decode: maps -_ to +/, pads, ngx.decode_base64 (nil on bad input). */
function kongBase64(segment: string | undefined): Buffer | undefined {
  if (segment === undefined || !/^[A-Za-z0-9+/_-]*$/.test(segment) || segment.length % 4 === 1)
    return undefined;
  return Buffer.from(segment.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

function json(bytes: Buffer | undefined): unknown {
  if (bytes === undefined) throw new Error("nil");
  return JSON.parse(bytes.toString("utf8"));
}

/** jwt_parser.lua tokenize(token, ".", 3): at most 3 parts, the last keeps any further dots. */
function tokenize(token: string): (string | undefined)[] {
  const first = token.indexOf(".");
  if (first < 0) return [token];
  const second = token.indexOf(".", first + 1);
  if (second < 0) return [token.slice(0, first), token.slice(first + 1)];
  return [token.slice(0, first), token.slice(first + 1, second), token.slice(second + 1)];
}

export function kongJwtOutcome(
  parts: ForgedRequestParts,
  trusted: Issuer,
  nowSec: number,
  uriParamNames: readonly string[] = [],
): KongOutcome {
  const tokens = new Set<string>();
  for (const name of uriParamNames) if (parts.query?.[name]) tokens.add(parts.query[name]);
  const match = /\s*[Bb]earer\s+(.+)/.exec(parts.headers.authorization ?? "");
  if (match?.[1]) tokens.add(match[1]);
  if (tokens.size === 0) return "noToken";
  if (tokens.size > 1) return "multipleTokens";
  const [token = ""] = tokens;
  const [h, p, s] = tokenize(token);
  let header: Record<string, unknown>, claims: Record<string, unknown>;
  try {
    header = json(kongBase64(h)) as Record<string, unknown>;
    claims = json(kongBase64(p)) as Record<string, unknown>;
    if (s === undefined) throw new Error("nil signature");
  } catch {
    return "invalidJson";
  }
  const alg = typeof header === "object" && header !== null ? header.alg : undefined;
  if (typeof alg !== "string" || !SUPPORTED.has(alg)) return "invalidAlg";
  const signature = kongBase64(s);
  if (signature === undefined) return "invalidSignatureEncoding";
  const iss = claims.iss ?? header.iss;
  if (iss === undefined || iss === null) return "missingIss";
  if (iss === "") return "emptyIss";
  if (iss !== trusted.issuer) return "unknownIss";
  if (alg !== "RS256") return "algorithmMismatch";
  if (!verify("sha256", Buffer.from(`${h}.${p}`), createPublicKey(trusted.publicKeyPem), signature)) {
    return "invalidSignature";
  }
  if (typeof claims.exp !== "number") return "expNotNumber";
  if (claims.exp <= nowSec) return "expired";
  if (typeof claims.nbf === "number" && claims.nbf > nowSec) return "notYetValid";
  if (claims.exp - nowSec > 7200) return "maximumExpiration";
  return "accepted";
}
