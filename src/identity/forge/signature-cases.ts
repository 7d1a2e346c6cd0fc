/** Signature and structure cases (peers.md §4.3 cases 4-7, 15; JWE from its closing note). */
import { base64urlEncode, encodeJsonSegment } from "../base64url.ts";
import {
  bearer,
  claimsWith,
  REJECTED_401,
  segmentsOf,
  trustedToken,
  validClaims,
  withSignature,
} from "./helpers.ts";
import { KONG_REASON } from "./kong-reasons.ts";
import type { ForgedCase } from "./types.ts";

export const SIGNATURE_CASES: readonly ForgedCase[] = [
  {
    id: "untrusted-key",
    class: "signature",
    description:
      "Buildkite-shaped token, valid structure and claims, signed RS256 by an attacker key the gateway does not trust.",
    build: (ctx) =>
      bearer(
        ctx.untrusted.sign({ alg: "RS256", kid: ctx.untrusted.kid }, validClaims(ctx)),
        "RS256 token with valid claims signed by an untrusted key (its own kid)",
      ),
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidSignature,
    reference: "peers.md §4.3 #15",
  },
  {
    id: "payload-tampered",
    class: "signature",
    description:
      "A genuine token whose payload was edited (pipeline_slug and sub changed) while the original signature was kept.",
    build: (ctx) => {
      const [header, , signature] = segmentsOf(trustedToken(ctx, validClaims(ctx)));
      const tampered = claimsWith(ctx, {
        pipeline_slug: "production-deploy",
        sub: String(validClaims(ctx).sub).replace(
          `:pipeline:${ctx.job.pipeline}:`,
          ":pipeline:production-deploy:",
        ),
      });
      return bearer(
        `${header}.${encodeJsonSegment(tampered)}.${signature}`,
        "trusted token, payload edited, signature kept",
      );
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidSignature,
    reference: "peers.md §4.3 #4 (PortSwigger lab 1)",
  },
  {
    id: "signature-truncated",
    class: "signature",
    description: "A genuine token with the last 3 signature bytes cut off (still valid base64url).",
    build: (ctx) => {
      const token = trustedToken(ctx, validClaims(ctx));
      return bearer(token.slice(0, -4), "trusted token, signature segment shortened by 4 characters");
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidSignature,
    reference: "peers.md §4.3 #5 (jwt_tool broken signature)",
  },
  {
    id: "signature-corrupted",
    class: "signature",
    description: "A genuine token with one signature byte flipped (same length).",
    build: (ctx) => {
      const [header, payload, signature] = segmentsOf(trustedToken(ctx, validClaims(ctx)));
      const bytes = Buffer.from(signature, "base64url");
      bytes[100] = bytes[100]! ^ 0xff;
      return bearer(
        `${header}.${payload}.${base64urlEncode(bytes)}`,
        "trusted token, signature byte 100 inverted",
      );
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidSignature,
    reference: "peers.md §4.3 #5",
  },
  {
    id: "signature-null",
    class: "signature",
    description: "Valid header and claims with alg RS256 but an empty signature segment (`header.payload.`).",
    build: (ctx) =>
      bearer(
        withSignature({ alg: "RS256", kid: ctx.trusted.kid }, validClaims(ctx)),
        "RS256 header, empty signature",
      ),
    expect: REJECTED_401,
    // Kong's tokenizer keeps the empty third segment; it decodes to "" and RS256 verify fails.
    kongReason: KONG_REASON.invalidSignature,
    reference: "peers.md §4.3 #6 (CVE-2020-28042)",
  },
  {
    id: "malformed-two-segments",
    class: "signature",
    description: "Only header and payload (`header.payload`, no second dot).",
    build: (ctx) => {
      const [header, payload] = segmentsOf(trustedToken(ctx, validClaims(ctx)));
      return bearer(`${header}.${payload}`, "two segments, no signature segment");
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidJson,
    reference: "peers.md §4.3 #7",
  },
  {
    id: "malformed-bad-base64url",
    class: "signature",
    description: "Payload segment containing characters outside both base64 alphabets ('*' and '!').",
    build: (ctx) => {
      const [header, payload, signature] = segmentsOf(trustedToken(ctx, validClaims(ctx)));
      // Not '+' or '/': Kong maps those to the standard alphabet and would decode them (jwt_parser base64_decode).
      return bearer(`${header}.*!${payload.slice(2)}.${signature}`, "payload segment starts with '*!'");
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidJson,
    reference: "peers.md §4.3 #7",
  },
  {
    id: "malformed-invalid-json",
    class: "signature",
    description: "Well-formed base64url whose payload is not JSON, signed by the trusted key.",
    build: (ctx) => {
      const header = encodeJsonSegment({ alg: "RS256", kid: ctx.trusted.kid });
      const input = `${header}.${base64urlEncode('{"iss":"https://agent.buildkite.com",')}`;
      return bearer(`${input}.${base64urlEncode(ctx.trusted.signRaw(input))}`, "payload is truncated JSON");
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidJson,
    reference: "peers.md §4.3 #7",
  },
  {
    id: "jwe-compact",
    class: "signature",
    description: "A five-segment JWE (`cty: JWT`) presented to a JWS verifier.",
    build: (ctx) => {
      const header = encodeJsonSegment({
        alg: "RSA-OAEP-256",
        enc: "A256GCM",
        cty: "JWT",
        kid: ctx.trusted.kid,
      });
      const parts = [header, base64urlEncode(Buffer.alloc(256, 7)), base64urlEncode(Buffer.alloc(12, 1))];
      parts.push(base64urlEncode(encodeJsonSegment(validClaims(ctx))), base64urlEncode(Buffer.alloc(16, 2)));
      return bearer(parts.join("."), "five segments: JWE header, fake encrypted key, iv, ciphertext, tag");
    },
    expect: REJECTED_401,
    // Kong splits into 3 parts; the second (encrypted key bytes) is not JSON.
    kongReason: KONG_REASON.invalidJson,
    reference: "peers.md §4.3 closing note (jwt_tool#66)",
  },
];
