/**
 * JWS compact serialization (RFC 7515 §7.1) and the signature primitives the issuer and the forged-token
 * catalogue share. Signing uses node:crypto directly so each byte of header, payload and signature is ours.
 */
import { createHmac, sign, verify, constants, type KeyObject } from "node:crypto";
import { base64urlEncode, encodeJsonSegment } from "./base64url.ts";

export type RsaAlgorithm = "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512";
export type HmacAlgorithm = "HS256" | "HS384" | "HS512";

const DIGEST: Record<RsaAlgorithm | HmacAlgorithm, string> = {
  RS256: "sha256",
  RS384: "sha384",
  RS512: "sha512",
  PS256: "sha256",
  PS384: "sha384",
  PS512: "sha512",
  HS256: "sha256",
  HS384: "sha384",
  HS512: "sha512",
};

/** `BASE64URL(header) || '.' || BASE64URL(payload)`: the bytes a JWS signature covers. */
export function signingInput(header: Readonly<Record<string, unknown>>, payload: unknown): string {
  return `${encodeJsonSegment(header)}.${encodeJsonSegment(payload)}`;
}

/** Joins a signing input and raw signature bytes into `header.payload.signature`. */
export function compactJws(input: string, signature: Uint8Array): string {
  return `${input}.${base64urlEncode(signature)}`;
}

function rsaKeyOptions(
  key: KeyObject,
  alg: RsaAlgorithm,
): KeyObject | { key: KeyObject; padding: number; saltLength: number } {
  if (!alg.startsWith("PS")) return key;
  // RFC 7518 §3.5: PSS with MGF1 using the same hash, salt as long as the hash output.
  const saltLength = Number(alg.slice(2)) / 8;
  return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength };
}

export function signRsa(privateKey: KeyObject, alg: RsaAlgorithm, data: string | Uint8Array): Buffer {
  return sign(DIGEST[alg], Buffer.from(data), rsaKeyOptions(privateKey, alg));
}

/**
 * As signRsa, on libuv's thread pool: the event loop keeps sending while an RSA signature (about a
 * millisecond for 2048 bits) is computed, instead of stalling every exchange in flight.
 */
export function signRsaAsync(
  privateKey: KeyObject,
  alg: RsaAlgorithm,
  data: string | Uint8Array,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    sign(DIGEST[alg], Buffer.from(data), rsaKeyOptions(privateKey, alg), (error, signature) =>
      error ? reject(error) : resolve(signature),
    );
  });
}

export function verifyRsa(
  publicKey: KeyObject,
  alg: RsaAlgorithm,
  data: string | Uint8Array,
  signature: Uint8Array,
): boolean {
  return verify(DIGEST[alg], Buffer.from(data), rsaKeyOptions(publicKey, alg), signature);
}

export function signHmac(alg: HmacAlgorithm, secret: string | Uint8Array, data: string): Buffer {
  return createHmac(DIGEST[alg], secret).update(data).digest();
}
