/** RSA key material for the issuer: generation, PEM loading, `kid`, JWK export. */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { ShadowgateError } from "../errors.ts";

export interface RsaKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** A fresh RSA-2048 pair. Synchronous (about 50-200 ms): done once per issuer, at start-up. */
export function generateRsaKeyPair(): RsaKeyPair {
  return generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
}

/** Accepts a private KeyObject or PEM text; anything but an RSA private key is refused. */
export function loadRsaPrivateKey(key: KeyObject | string): RsaKeyPair {
  let privateKey: KeyObject;
  try {
    privateKey = typeof key === "string" ? createPrivateKey(key) : key;
  } catch (cause) {
    throw new ShadowgateError("SG_TOKEN_REQUEST_INVALID", "privateKey is not a readable PEM private key", {
      cause,
    });
  }
  if (privateKey.type !== "private" || privateKey.asymmetricKeyType !== "rsa") {
    throw new ShadowgateError(
      "SG_TOKEN_REQUEST_INVALID",
      `privateKey must be an RSA private key for RS256 (got ${privateKey.type} ${privateKey.asymmetricKeyType ?? "?"})`,
    );
  }
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * 64 lower-case hex: SHA-256 of the SPKI DER. Buildkite's real `kid` is 64 hex characters
 * (buildkite.md §1.4); that it is a SHA-256 thumbprint is an inference, and this is one such thumbprint.
 */
export function kidFor(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex");
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: "spki", format: "pem" }).toString();
}

/** The public JWK as a JWKS serves it: `kty`, `n`, `e` plus `kid`, `alg`, `use`. */
export function publicJwk(publicKey: KeyObject, kid: string): Record<string, unknown> {
  const { kty, n, e } = publicKey.export({ format: "jwk" });
  return { kty, n, e, kid, alg: "RS256", use: "sig" };
}
