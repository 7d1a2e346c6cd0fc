/**
 * Reading tokens WITHOUT verifying them: for reports, debugging and the forged-token tests. Nothing here
 * checks a signature, so nothing returned here may be trusted as an identity.
 */
import { ShadowgateError, isShadowgateError } from "../errors.ts";
import { base64urlDecode } from "./base64url.ts";
import type { DescribedValue, TokenDescriptor } from "./types.ts";

/** A token's parts, decoded but NOT verified (`unverified: true` is there so no caller forgets). */
export interface UnverifiedToken {
  readonly unverified: true;
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly signatureBytes: Buffer;
  /** `header.payload` exactly as received: what a verifier checks the signature over. */
  readonly signingInput: string;
}

const SEGMENT_NAMES = ["header", "payload", "signature"] as const;

function jsonObject(segment: string, name: string): Record<string, unknown> {
  const text = base64urlDecode(segment, `the ${name} segment`).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ShadowgateError("SG_TOKEN_MALFORMED", `the ${name} segment is not valid JSON`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ShadowgateError("SG_TOKEN_MALFORMED", `the ${name} segment is JSON but not an object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Splits and decodes a JWS compact token (RFC 7515 §7.1) without verifying it. Throws
 * SG_TOKEN_MALFORMED naming the bad segment; messages never contain token content.
 */
export function decodeToken(token: string): UnverifiedToken {
  const segments = token.split(".");
  if (segments.length !== 3) {
    throw new ShadowgateError(
      "SG_TOKEN_MALFORMED",
      `token has ${segments.length} segment(s); a signed JWT has 3 (header.payload.signature)` +
        (segments.length === 5 ? ", and 5 is an encrypted JWE" : ""),
    );
  }
  const [header = "", payload = "", signature = ""] = segments;
  return {
    unverified: true,
    header: jsonObject(header, SEGMENT_NAMES[0]),
    payload: jsonObject(payload, SEGMENT_NAMES[1]),
    signatureBytes: base64urlDecode(signature, "the signature segment"),
    signingInput: `${header}.${payload}`,
  };
}

const MAX_DESCRIBED_LENGTH = 200;

function described(value: unknown): DescribedValue | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_DESCRIBED_LENGTH ? `${text.slice(0, MAX_DESCRIBED_LENGTH)}…` : text;
}

/** Copies only defined values, so optional descriptor fields stay absent (exactOptionalPropertyTypes). */
function definedOnly(fields: Record<string, DescribedValue | undefined>): Record<string, DescribedValue> {
  const out: Record<string, DescribedValue> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) out[name] = value;
  return out;
}

/**
 * A descriptor that is safe to store in reports: header/claim values read without verification, never the
 * raw token and never the signature. A token that does not decode is described as `kind: "malformed"`.
 */
export function describeToken(token: string): TokenDescriptor {
  let decoded: UnverifiedToken;
  try {
    decoded = decodeToken(token);
  } catch (error) {
    if (!isShadowgateError(error, "SG_TOKEN_MALFORMED")) throw error;
    return {
      kind: "malformed",
      reason: error.message,
      segments: token.split(".").length,
      length: token.length,
    };
  }
  const { header: h, payload: p } = decoded;
  const lifetime =
    typeof p.exp === "number" && typeof p.iat === "number" ? { lifetimeSec: p.exp - p.iat } : {};
  return {
    kind: "jwt",
    ...definedOnly({
      alg: described(h.alg),
      kid: described(h.kid),
      iss: described(p.iss),
      sub: described(p.sub),
      aud: described(p.aud),
      iat: described(p.iat),
      nbf: described(p.nbf),
      exp: described(p.exp),
      jti: described(p.jti),
      jobId: described(p.job_id),
      organization: described(p.organization_slug),
      pipeline: described(p.pipeline_slug),
      stepKey: described(p.step_key),
      buildNumber: described(p.build_number),
    }),
    headerParams: Object.keys(h),
    ...lifetime,
    signatureLength: decoded.signatureBytes.length,
  };
}
