/**
 * jwt_parser.lua (kong.md §1.4 steps c–c', h, i, j): decoding, signature verification with
 * node:crypto, and the registered-claims checks with integer-second time.
 */
import { createHmac, verify as cryptoVerify, constants, type KeyObject } from "node:crypto";
import { JWT_ALGORITHMS, type JwtAlgorithm } from "../../../kong/types.ts";

export const SUPPORTED_ALGS: ReadonlySet<string> = new Set(JWT_ALGORITHMS);

/** Raised where Kong's Lua raises (assert/error): the request ends in a generic 500. */
export class JwtRuntimeError extends Error {}

export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** base64url with padding optional; anything outside the alphabet fails (kong.md §1.4 c). */
export function base64UrlDecode(input: string): Buffer | undefined {
  let end = input.length;
  while (end > 0 && input.charCodeAt(end - 1) === 0x3d /* = */) end--;
  const body = end === input.length ? input : input.slice(0, end);
  if (!BASE64URL.test(body) || body.length % 4 === 1 || input.length - body.length > 2) return undefined;
  return Buffer.from(body, "base64url");
}

function parseJsonPart(part: string | undefined): unknown {
  if (part === undefined) throw new Error("missing part");
  const bytes = base64UrlDecode(part);
  if (bytes === undefined) throw new Error("bad base64");
  return JSON.parse(bytes.toString("utf8")) as unknown;
}

/** `tokenize(token, ".", 3)`: the third part keeps any further dots. */
function tokenize(token: string): string[] {
  const first = token.indexOf(".");
  if (first === -1) return [token];
  const second = token.indexOf(".", first + 1);
  if (second === -1) return [token.slice(0, first), token.slice(first + 1)];
  return [token.slice(0, first), token.slice(first + 1, second), token.slice(second + 1)];
}

export type DecodeResult =
  { readonly jwt: DecodedJwt } | { readonly error: "invalid JSON" | "invalid alg" | "invalid signature" };

export function decodeJwt(token: string): DecodeResult {
  const [h64, c64, s64] = tokenize(token);
  let header: unknown;
  let claims: unknown;
  try {
    header = parseJsonPart(h64);
    claims = parseJsonPart(c64);
    if (s64 === undefined) throw new Error("missing signature");
  } catch {
    return { error: "invalid JSON" };
  }
  // Lua indexing a number/boolean/null raises; a string or array simply has no `alg`.
  if (header === null || typeof header === "number" || typeof header === "boolean")
    throw new JwtRuntimeError("attempt to index a non-table JWT header");
  const alg =
    typeof header === "object" && !Array.isArray(header)
      ? (header as Record<string, unknown>)["alg"]
      : undefined;
  if (typeof alg !== "string" || !SUPPORTED_ALGS.has(alg)) return { error: "invalid alg" };
  if (claims === null || typeof claims === "number" || typeof claims === "boolean")
    throw new JwtRuntimeError("attempt to index non-table JWT claims");
  const signature = base64UrlDecode(s64);
  if (signature === undefined) return { error: "invalid signature" };
  return {
    jwt: {
      header: header as Record<string, unknown>,
      claims: typeof claims === "object" && !Array.isArray(claims) ? (claims as Record<string, unknown>) : {},
      signingInput: `${h64}.${c64}`,
      signature,
    },
  };
}

const DIGEST: Readonly<Record<string, string>> = { "256": "sha256", "384": "sha384", "512": "sha512" };
/** Raw r||s lengths the ES verifiers assert (kong.md §1.4 "Other failures"). */
const ES_SIG_LENGTH: Readonly<Record<string, number>> = { ES256: 64, ES384: 96, ES512: 132 };

export type VerificationKey =
  { readonly hmac: Buffer | string } | { readonly publicKey: KeyObject | "invalid" };

export function verifySignature(jwt: DecodedJwt, alg: JwtAlgorithm, key: VerificationKey): boolean {
  const data = Buffer.from(jwt.signingInput);
  if (alg.startsWith("HS")) {
    if (!("hmac" in key)) return false;
    const expected = createHmac(DIGEST[alg.slice(2)]!, key.hmac).update(data).digest();
    return expected.equals(jwt.signature);
  }
  if (!("publicKey" in key) || key.publicKey === "invalid")
    throw new JwtRuntimeError("Consumer Public Key is Invalid");
  const pkey = key.publicKey;
  const sig = jwt.signature;
  try {
    if (alg === "EdDSA") return cryptoVerify(null, data, pkey, sig);
    const digest = DIGEST[alg.slice(2)]!;
    if (alg.startsWith("ES")) {
      if (sig.length !== ES_SIG_LENGTH[alg])
        throw new JwtRuntimeError(`Signature must be ${ES_SIG_LENGTH[alg]} bytes.`);
      return cryptoVerify(digest, data, { key: pkey, dsaEncoding: "ieee-p1363" }, sig);
    }
    if (alg.startsWith("PS")) {
      if (sig.length !== 256) throw new JwtRuntimeError("Signature must be 256 bytes.");
      const opts = {
        key: pkey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      };
      return cryptoVerify(digest, data, opts, sig);
    }
    return cryptoVerify(digest, data, pkey, sig);
  } catch (e) {
    if (e instanceof JwtRuntimeError) throw e;
    return false; // openssl verify errors (e.g. key type mismatch) read as "not verified"
  }
}

/** `verify_registered_claims`: type first ("must be a number"), then nbf > now / exp <= now. */
export function verifyRegisteredClaims(
  claims: Record<string, unknown>,
  toVerify: readonly string[] | undefined,
  now: number,
): Record<string, string> | undefined {
  let errors: Record<string, string> | undefined;
  for (const name of toVerify ?? []) {
    const v = claims[name];
    let err: string | undefined;
    if (typeof v !== "number") err = "must be a number";
    else if (name === "nbf" && v > now) err = "token not valid yet";
    else if (name === "exp" && v <= now) err = "token expired";
    if (err !== undefined) (errors ??= {})[name] = err;
  }
  return errors;
}

/** `check_maximum_expiration`; Lua arithmetic coerces numeric strings and raises on anything else. */
export function exceedsMaximumExpiration(
  claims: Record<string, unknown>,
  maximum: number,
  now: number,
): boolean {
  if (maximum <= 0) return false;
  const exp = claims["exp"];
  if (exp === undefined) return true;
  const n = typeof exp === "number" ? exp : typeof exp === "string" && exp.trim() !== "" ? Number(exp) : NaN;
  if (Number.isNaN(n)) throw new JwtRuntimeError("attempt to perform arithmetic on field 'exp'");
  return n - now > maximum;
}
