/** JWT signing for tests with node:crypto only (keys are generated at test time, never committed). */
import { constants, createHmac, generateKeyPairSync, sign, type KeyObject } from "node:crypto";

const b64url = (b: Buffer | string): string => Buffer.from(b).toString("base64url");

export function signJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  key: string | Buffer | KeyObject,
): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const alg = String(header["alg"]);
  const digest = `sha${alg.slice(2)}`;
  const data = Buffer.from(input);
  let sig: Buffer;
  if (alg.startsWith("HS")) sig = createHmac(digest, key).update(data).digest();
  else if (alg === "EdDSA") sig = sign(null, data, key);
  else if (alg.startsWith("ES"))
    sig = sign(digest, data, { key: key as KeyObject, dsaEncoding: "ieee-p1363" });
  else if (alg.startsWith("PS"))
    sig = sign(digest, data, {
      key: key as KeyObject,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    });
  else sig = sign(digest, data, key);
  return `${input}.${b64url(sig)}`;
}

export interface TestKeys {
  readonly rsa: { privateKey: KeyObject; publicPem: string };
  readonly ec: { privateKey: KeyObject; publicPem: string };
  readonly ed: { privateKey: KeyObject; publicPem: string };
}

function pair({ privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject }): {
  privateKey: KeyObject;
  publicPem: string;
} {
  return { privateKey, publicPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

export function generateTestKeys(): TestKeys {
  return {
    rsa: pair(generateKeyPairSync("rsa", { modulusLength: 2048 })),
    ec: pair(generateKeyPairSync("ec", { namedCurve: "P-256" })),
    ed: pair(generateKeyPairSync("ed25519")),
  };
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
