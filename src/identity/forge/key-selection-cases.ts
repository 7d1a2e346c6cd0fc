/**
 * Key-selection header injection (peers.md §4.3 cases 16-25). Kong's jwt plugin never reads
 * kid/jku/x5u/jwk/x5c (it finds the key by `key_claim_name` only), so these fail on the signature or alg;
 * a JWKS-based verifier must additionally never fetch attacker URLs.
 */
import { createHash, createPublicKey } from "node:crypto";
import { bearer, hmacToken, REJECTED_401, attackerUrl, validClaims, withSignature } from "./helpers.ts";
import { KONG_REASON } from "./kong-reasons.ts";
import type { ForgeContext, ForgedCase } from "./types.ts";
import { selfSignedCertificate } from "./x509.ts";

/** RS256 by the attacker key with extra header members. */
function attackerSigned(
  ctx: ForgeContext,
  header: Record<string, unknown>,
  claims = validClaims(ctx),
): string {
  return ctx.untrusted.sign({ alg: "RS256", ...header }, claims);
}

function attackerCertificate(ctx: ForgeContext): Buffer {
  return selfSignedCertificate({
    commonName: "agent.buildkite.com",
    spkiDer: createPublicKey(ctx.untrusted.publicKeyPem).export({ type: "spki", format: "der" }),
    notBeforeSec: ctx.nowSec - 3600,
    notAfterSec: ctx.nowSec + 86400,
    serial: createHash("sha256").update(ctx.untrusted.kid).digest().subarray(0, 16),
    signRs256: (tbs) => ctx.untrusted.signRaw(tbs),
  });
}

function kidCase(
  id: string,
  kid: string,
  description: string,
  kind: "hs256-empty" | "hs256-one" | "untrusted" | "null",
  reference: string,
): ForgedCase {
  const kongReason = kind.startsWith("hs256") ? KONG_REASON.algorithmMismatch : KONG_REASON.invalidSignature;
  return {
    id,
    class: "key-selection",
    description,
    build: (ctx) => {
      const claims = validClaims(ctx);
      if (kind === "hs256-empty")
        return bearer(
          hmacToken("HS256", { alg: "HS256", kid }, claims, ""),
          `kid ${JSON.stringify(kid)}, HS256 with empty secret`,
        );
      if (kind === "hs256-one")
        return bearer(
          hmacToken("HS256", { alg: "HS256", kid }, claims, "1"),
          `kid ${JSON.stringify(kid)}, HS256 with secret "1"`,
        );
      if (kind === "null")
        return bearer(
          withSignature({ alg: "RS256", kid }, claims),
          `kid ${JSON.stringify(kid)}, empty signature`,
        );
      return bearer(
        attackerSigned(ctx, { kid }, claims),
        `kid ${JSON.stringify(kid)}, RS256 by the untrusted key`,
      );
    },
    expect: REJECTED_401,
    kongReason,
    reference,
  };
}

export const KEY_SELECTION_CASES: readonly ForgedCase[] = [
  {
    id: "untrusted-key-trusted-kid",
    class: "key-selection",
    description: "Signed by the untrusted key but the header names the trusted key's kid.",
    build: (ctx) =>
      bearer(
        attackerSigned(ctx, { kid: ctx.trusted.kid }),
        "RS256 by the untrusted key, kid of the trusted key",
      ),
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidSignature,
    reference: "peers.md §4.3 #15",
  },
  {
    id: "jwk-header-injection",
    class: "key-selection",
    description:
      "Embedded `jwk` header carrying the attacker's public key (with matching kid), signed by that key.",
    build: (ctx) =>
      bearer(
        attackerSigned(ctx, { kid: ctx.untrusted.kid, jwk: ctx.untrusted.jwks().keys[0] }),
        "RS256 by the untrusted key, its public JWK embedded in the header",
      ),
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidSignature,
    reference: "peers.md §4.3 #16 (CVE-2018-0114)",
  },
  {
    id: "jku-attacker-jwks",
    class: "key-selection",
    description:
      "`jku` header pointing at the attacker's JWKS, signed by the key published there. The gateway must not fetch it.",
    build: (ctx) =>
      bearer(
        attackerSigned(ctx, { kid: ctx.untrusted.kid, jku: attackerUrl(ctx) }),
        `RS256 by the untrusted key, jku ${attackerUrl(ctx)}`,
      ),
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidSignature,
    requiresAttackerServer: true,
    reference: "peers.md §4.3 #17",
  },
  {
    id: "x5u-attacker-url",
    class: "key-selection",
    description:
      "`x5u` header pointing at an attacker-hosted certificate URL. The gateway must not fetch it.",
    build: (ctx) => {
      const x5u = attackerUrl(ctx, "/.well-known/attacker.pem");
      return bearer(
        attackerSigned(ctx, { kid: ctx.untrusted.kid, x5u }),
        `RS256 by the untrusted key, x5u ${x5u}`,
      );
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidSignature,
    requiresAttackerServer: true,
    reference: "peers.md §4.3 #18",
  },
  {
    id: "x5c-attacker-chain",
    class: "key-selection",
    description:
      "`x5c` header with a self-signed attacker certificate (CN agent.buildkite.com) for the signing key.",
    build: (ctx) => {
      const x5c = [attackerCertificate(ctx).toString("base64")];
      return bearer(
        attackerSigned(ctx, { kid: ctx.untrusted.kid, x5c }),
        "RS256 by the untrusted key, its self-signed certificate in x5c",
      );
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.invalidSignature,
    reference: "peers.md §4.3 #19",
  },
  kidCase(
    "kid-path-traversal",
    "../../../../../../../dev/null",
    "kid path traversal to /dev/null with HS256 over an empty key.",
    "hs256-empty",
    "peers.md §4.3 #20 (PortSwigger lab 6)",
  ),
  kidCase(
    "kid-dev-null",
    "/dev/null",
    "kid /dev/null with HS256 over an empty key.",
    "hs256-empty",
    "peers.md §4.3 #20",
  ),
  kidCase(
    "kid-blank",
    "",
    "Blank kid with an RS256 header and an empty signature.",
    "null",
    "peers.md §4.3 #21",
  ),
  kidCase(
    "kid-sql-injection",
    "x' UNION SELECT '1';--",
    "kid SQL injection returning '1', HS256 signed with secret \"1\".",
    "hs256-one",
    "peers.md §4.3 #22",
  ),
  kidCase(
    "kid-command-injection",
    "key.pem|sleep 10",
    "kid with a shell command (`|sleep 10`), signed by the untrusted key. A gateway that runs it answers about 10 s late.",
    "untrusted",
    "peers.md §4.3 #23",
  ),
  kidCase(
    "kid-unknown",
    "/invalid_path",
    "kid naming no published key, signed by the untrusted key: no fallback to a default key.",
    "untrusted",
    "peers.md §4.3 #24",
  ),
  {
    id: "iss-attacker-discovery",
    class: "key-selection",
    description:
      "`iss` is the attacker's origin (SSRF probe): a verifier doing OIDC discovery on iss would fetch the attacker's keys. The gateway must not fetch it.",
    build: (ctx) => {
      const iss = new URL(attackerUrl(ctx)).origin;
      return bearer(
        attackerSigned(ctx, { kid: ctx.untrusted.kid }, { ...validClaims(ctx), iss }),
        `RS256 by the untrusted key, iss ${iss}`,
      );
    },
    expect: REJECTED_401,
    kongReason: KONG_REASON.unknownIss,
    requiresAttackerServer: true,
    reference: "peers.md §4.3 #25",
  },
];
