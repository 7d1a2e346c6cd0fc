/** Algorithm cases (peers.md §4.3 cases 1-3, 8-14, 30). */
import { createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { base64urlEncode } from "../base64url.ts";
import { compactJws, signingInput, type RsaAlgorithm } from "../jws.ts";
import {
  bearer,
  hmacToken,
  REJECTED_401,
  segmentsOf,
  trustedToken,
  validClaims,
  withSignature,
} from "./helpers.ts";
import { KONG_REASON } from "./kong-reasons.ts";
import type { ForgedCase } from "./types.ts";

function algNone(id: string, alg: string, reference: string): ForgedCase {
  return {
    id,
    class: "algorithm",
    description: `Header alg "${alg}" with an empty signature segment and otherwise valid claims (unsigned token).`,
    build: (ctx) =>
      bearer(withSignature({ alg, kid: ctx.trusted.kid }, validClaims(ctx)), `alg "${alg}", empty signature`),
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidAlg,
    reference,
  };
}

function unknownAlg(id: string, alg: string): ForgedCase {
  return {
    id,
    class: "algorithm",
    description: `Unsupported alg "${alg}" (must fail closed), signature from the trusted key over the token.`,
    build: (ctx) => {
      const input = signingInput({ alg, kid: ctx.trusted.kid }, validClaims(ctx));
      return bearer(
        compactJws(input, ctx.trusted.signRaw(input)),
        `alg "${alg}", RS256 signature bytes by the trusted key`,
      );
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidAlg,
    reference: "peers.md §4.3 #8",
  };
}

/** Trusted key, right signature, but an alg other than the RS256 the gateway pins. */
function switchedRsa(id: string, alg: RsaAlgorithm): ForgedCase {
  return {
    id,
    class: "algorithm",
    description: `Signed by the trusted RSA key with ${alg} instead of RS256 (the gateway must pin RS256).`,
    build: (ctx) => {
      const input = signingInput({ alg, kid: ctx.trusted.kid }, validClaims(ctx));
      return bearer(
        compactJws(input, ctx.trusted.signRaw(input, alg)),
        `alg ${alg}, correct ${alg} signature by the trusted key`,
      );
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.algorithmMismatch,
    reference: "peers.md §4.3 #13",
  };
}

function hmacCase(
  id: string,
  description: string,
  secretOf: (publicKeyPem: string) => string,
  note: string,
  reference: string,
): ForgedCase {
  return {
    id,
    class: "algorithm",
    description,
    build: (ctx) =>
      bearer(
        hmacToken(
          "HS256",
          { alg: "HS256", kid: ctx.trusted.kid },
          validClaims(ctx),
          secretOf(ctx.trusted.publicKeyPem),
        ),
        note,
      ),
    expect: REJECTED_401,
    kongReason: KONG_REASON.algorithmMismatch,
    reference,
  };
}

export const ALGORITHM_CASES: readonly ForgedCase[] = [
  algNone("alg-none", "none", "peers.md §4.3 #1 (CVE-2015-2951)"),
  algNone("alg-none-capitalized", "None", "peers.md §4.3 #2"),
  algNone("alg-none-uppercase", "NONE", "peers.md §4.3 #2"),
  algNone("alg-none-mixed-case", "nOnE", "peers.md §4.3 #2"),
  {
    id: "alg-none-signature-kept",
    class: "algorithm",
    description: 'Header alg "none" but the genuine token\'s RS256 signature segment kept.',
    build: (ctx) => {
      const [, , signature] = segmentsOf(trustedToken(ctx, validClaims(ctx)));
      const [header, payload] = segmentsOf(
        withSignature({ alg: "none", kid: ctx.trusted.kid }, validClaims(ctx)),
      );
      return bearer(`${header}.${payload}.${signature}`, 'alg "none", original RS256 signature segment kept');
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidAlg,
    reference: "peers.md §4.3 #3",
  },
  unknownAlg("alg-unknown-hs1", "HS1"),
  unknownAlg("alg-unknown-rs1", "RS1"),
  {
    id: "alg-not-string",
    class: "algorithm",
    description:
      'Header alg is the array ["RS256"] (String() of it is "RS256"), signature genuinely from the trusted key.',
    build: (ctx) => {
      const input = signingInput({ alg: ["RS256"], kid: ctx.trusted.kid }, validClaims(ctx));
      return bearer(
        compactJws(input, ctx.trusted.signRaw(input)),
        'alg ["RS256"] (array), valid RS256 signature',
      );
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidAlg,
    reference: "peers.md §4.3 #30",
  },
  {
    id: "alg-missing",
    class: "algorithm",
    description: "Header without alg (only kid), signature genuinely from the trusted key.",
    build: (ctx) => {
      const input = signingInput({ kid: ctx.trusted.kid }, validClaims(ctx));
      return bearer(compactJws(input, ctx.trusted.signRaw(input)), "no alg in header, valid RS256 signature");
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidAlg,
    reference: "peers.md §4.3 #30",
  },
  hmacCase(
    "hs256-empty-secret",
    "HS256 with an empty HMAC secret.",
    () => "",
    "HS256 signed with the empty secret",
    "peers.md §4.3 #9 (CVE-2019-20933)",
  ),
  hmacCase(
    "hs256-weak-secret",
    'HS256 with a dictionary secret ("secret", jwt-common.txt).',
    () => "secret",
    'HS256 signed with "secret"',
    "peers.md §4.3 #10",
  ),
  hmacCase(
    "hs256-public-key-confusion",
    "RS256→HS256 key confusion: HS256 whose HMAC secret is the trusted public key PEM (SPKI, as Kong's rsa_public_key holds it).",
    (pem) => pem,
    "HS256 with the trusted SPKI PEM as secret",
    "peers.md §4.3 #11 (CVE-2016-10555)",
  ),
  hmacCase(
    "hs256-derived-key-confusion",
    "Key confusion with a derived key: HS256 whose secret is the trusted key re-encoded as PKCS#1 PEM (a sig2n output form).",
    (pem) => createPublicKey(pem).export({ type: "pkcs1", format: "pem" }).toString(),
    "HS256 with the trusted key as PKCS#1 PEM as secret",
    "peers.md §4.3 #12",
  ),
  switchedRsa("alg-switched-rs512", "RS512"),
  switchedRsa("alg-switched-ps256", "PS256"),
  {
    id: "alg-switched-es256",
    class: "algorithm",
    description: "ES256 signed by a fresh attacker P-256 key, kid of the trusted key.",
    build: (ctx) => {
      const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const input = signingInput({ alg: "ES256", kid: ctx.trusted.kid }, validClaims(ctx));
      const signature = sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
      return bearer(compactJws(input, signature), "ES256 by an attacker EC key");
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.algorithmMismatch,
    reference: "peers.md §4.3 #13",
  },
  {
    id: "psychic-signature-es256",
    class: "algorithm",
    description: "ES256 with the psychic signature r = s = 0 (64 zero bytes).",
    build: (ctx) =>
      bearer(
        withSignature({ alg: "ES256", kid: ctx.trusted.kid }, validClaims(ctx), new Uint8Array(64)),
        `ES256, signature ${base64urlEncode(new Uint8Array(64)).slice(0, 8)}… (all zero)`,
      ),
    expect: REJECTED_401,
    kongReason: KONG_REASON.algorithmMismatch,
    reference: "peers.md §4.3 #14 (CVE-2022-21449)",
  },
];
