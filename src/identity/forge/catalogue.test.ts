import { X509Certificate, createHmac, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeToken, type UnverifiedToken } from "../decode.ts";
import { createIssuer } from "../issuer.ts";
import { verifyRsa, type RsaAlgorithm } from "../jws.ts";
import { FIXED_NOW_SEC, SAMPLE_JOB, fixedClock } from "../test-support.ts";
import type { Issuer } from "../types.ts";
import { FORGED_CASES, findForgedCase } from "./catalogue.ts";
import { idClaimFor, PLACEHOLDER_ATTACKER_JWKS } from "./helpers.ts";
import type { ForgeContext, ForgedRequestParts } from "./types.ts";

// Keys once per file: RSA generation dominates the run time.
const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const trusted = createIssuer({ privateKey: rsa(), clock: fixedClock() });
const untrusted = createIssuer({ privateKey: rsa(), clock: fixedClock() });
const ATTACKER = "http://127.0.0.1:4567/.well-known/jwks";
const ctx: ForgeContext = {
  trusted,
  untrusted,
  job: SAMPLE_JOB,
  audience: "https://ci-api.internal.example",
  nowSec: FIXED_NOW_SEC,
  attackerJwksUrl: ATTACKER,
};

const built = new Map(FORGED_CASES.map((c) => [c.id, c.build(ctx)]));

function tokenOf(parts: ForgedRequestParts): string {
  if (parts.headers.authorization === undefined && parts.query?.jwt) return parts.query.jwt;
  const header = parts.headers.authorization ?? "";
  expect(header).toMatch(/^Bearer \S+$/);
  return header.slice("Bearer ".length);
}

function decodedOf(id: string): UnverifiedToken {
  return decodeToken(tokenOf(built.get(id)!));
}

function verifiesWith(issuer: Issuer, token: string, alg: RsaAlgorithm = "RS256"): boolean {
  const { signingInput, signatureBytes } = decodeToken(token);
  return verifyRsa(createPublicKey(issuer.publicKeyPem), alg, signingInput, signatureBytes);
}

const signedBy = (id: string, issuer: Issuer): boolean => verifiesWith(issuer, tokenOf(built.get(id)!));
const valid = () =>
  trusted.claimsFor({ job: SAMPLE_JOB, audience: ctx.audience, issuedAtSec: FIXED_NOW_SEC });
/** A payload equal to a valid one except for `changed` claims (jti always differs). */
function onlyDiffers(payload: Record<string, unknown>, changed: Record<string, unknown>): void {
  const expected: Record<string, unknown> = { ...valid(), jti: payload.jti, ...changed };
  for (const [k, v] of Object.entries(changed)) if (v === undefined) delete expected[k];
  expect(payload).toStrictEqual(expected);
}

/** What each description promises, checked on the built request. Every case must have an entry. */
const PROMISES: Record<string, () => void> = {
  "untrusted-key": () => {
    expect(signedBy("untrusted-key", untrusted)).toBe(true);
    expect(signedBy("untrusted-key", trusted)).toBe(false);
    onlyDiffers(decodedOf("untrusted-key").payload, {});
  },
  "payload-tampered": () => {
    const { payload } = decodedOf("payload-tampered");
    expect(payload.pipeline_slug).toBe("production-deploy");
    expect(payload.sub).toContain(":pipeline:production-deploy:");
    expect(signedBy("payload-tampered", trusted)).toBe(false);
  },
  "signature-truncated": () => expect(decodedOf("signature-truncated").signatureBytes).toHaveLength(253),
  "signature-corrupted": () => {
    expect(decodedOf("signature-corrupted").signatureBytes).toHaveLength(256);
    expect(signedBy("signature-corrupted", trusted)).toBe(false);
  },
  "signature-null": () => {
    expect(tokenOf(built.get("signature-null")!).endsWith(".")).toBe(true);
    expect(decodedOf("signature-null").header.alg).toBe("RS256");
  },
  "malformed-two-segments": () =>
    expect(tokenOf(built.get("malformed-two-segments")!).split(".")).toHaveLength(2),
  "malformed-bad-base64url": () =>
    expect(() => decodedOf("malformed-bad-base64url")).toThrow(/base64url alphabet/),
  "malformed-invalid-json": () =>
    expect(() => decodedOf("malformed-invalid-json")).toThrow(/payload segment is not valid JSON/),
  "jwe-compact": () => {
    const token = tokenOf(built.get("jwe-compact")!);
    expect(token.split(".")).toHaveLength(5);
    expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString())).toMatchObject({
      cty: "JWT",
      enc: "A256GCM",
    });
  },
  ...Object.fromEntries(
    [
      ["alg-none", "none"],
      ["alg-none-capitalized", "None"],
      ["alg-none-uppercase", "NONE"],
      ["alg-none-mixed-case", "nOnE"],
    ].map(([id, alg]) => [
      id!,
      () => {
        const token = tokenOf(built.get(id!)!);
        expect(token.endsWith(".")).toBe(true);
        expect(decodeToken(token).header.alg).toBe(alg);
        onlyDiffers(decodeToken(token).payload, {});
      },
    ]),
  ),
  "alg-none-signature-kept": () => {
    const { header, signatureBytes } = decodedOf("alg-none-signature-kept");
    expect([header.alg, signatureBytes.length]).toEqual(["none", 256]);
  },
  "alg-unknown-hs1": () => expect(decodedOf("alg-unknown-hs1").header.alg).toBe("HS1"),
  "alg-unknown-rs1": () => expect(decodedOf("alg-unknown-rs1").header.alg).toBe("RS1"),
  "alg-not-string": () => {
    expect(decodedOf("alg-not-string").header.alg).toEqual(["RS256"]);
    expect(signedBy("alg-not-string", trusted)).toBe(true);
  },
  "alg-missing": () => {
    expect(decodedOf("alg-missing").header).toStrictEqual({ kid: trusted.kid });
    expect(signedBy("alg-missing", trusted)).toBe(true);
  },
  "hs256-empty-secret": () => expect(hmacVerifies("hs256-empty-secret", "")).toBe(true),
  "hs256-weak-secret": () => expect(hmacVerifies("hs256-weak-secret", "secret")).toBe(true),
  "hs256-public-key-confusion": () =>
    expect(hmacVerifies("hs256-public-key-confusion", trusted.publicKeyPem)).toBe(true),
  "hs256-derived-key-confusion": () => {
    const pkcs1 = createPublicKey(trusted.publicKeyPem).export({ type: "pkcs1", format: "pem" }).toString();
    expect(pkcs1).toMatch(/BEGIN RSA PUBLIC KEY/);
    expect(hmacVerifies("hs256-derived-key-confusion", pkcs1)).toBe(true);
  },
  "alg-switched-rs512": () => {
    expect(decodedOf("alg-switched-rs512").header.alg).toBe("RS512");
    expect(verifiesWith(trusted, tokenOf(built.get("alg-switched-rs512")!), "RS512")).toBe(true);
  },
  "alg-switched-ps256": () => {
    expect(decodedOf("alg-switched-ps256").header.alg).toBe("PS256");
    expect(verifiesWith(trusted, tokenOf(built.get("alg-switched-ps256")!), "PS256")).toBe(true);
  },
  "alg-switched-es256": () => {
    const { header, signatureBytes } = decodedOf("alg-switched-es256");
    expect([header.alg, signatureBytes.length]).toEqual(["ES256", 64]);
  },
  "psychic-signature-es256": () => {
    const { header, signatureBytes } = decodedOf("psychic-signature-es256");
    expect(header.alg).toBe("ES256");
    expect(signatureBytes).toEqual(Buffer.alloc(64));
  },
  "untrusted-key-trusted-kid": () => {
    expect(decodedOf("untrusted-key-trusted-kid").header.kid).toBe(trusted.kid);
    expect(signedBy("untrusted-key-trusted-kid", untrusted)).toBe(true);
  },
  "jwk-header-injection": () => {
    const { header } = decodedOf("jwk-header-injection");
    expect(header.jwk).toStrictEqual(untrusted.jwks().keys[0]);
    expect(signedBy("jwk-header-injection", untrusted)).toBe(true);
  },
  "jku-attacker-jwks": () => {
    expect(decodedOf("jku-attacker-jwks").header).toMatchObject({ jku: ATTACKER, kid: untrusted.kid });
    expect(signedBy("jku-attacker-jwks", untrusted)).toBe(true);
  },
  "x5u-attacker-url": () =>
    expect(decodedOf("x5u-attacker-url").header.x5u).toBe("http://127.0.0.1:4567/.well-known/attacker.pem"),
  "x5c-attacker-chain": () => {
    const x5c = decodedOf("x5c-attacker-chain").header.x5c as string[];
    const cert = new X509Certificate(Buffer.from(x5c[0]!, "base64"));
    expect(cert.subject).toBe("CN=agent.buildkite.com");
    expect(cert.verify(createPublicKey(untrusted.publicKeyPem))).toBe(true);
    expect(signedBy("x5c-attacker-chain", untrusted)).toBe(true);
  },
  "kid-path-traversal": () => {
    expect(decodedOf("kid-path-traversal").header).toStrictEqual({
      alg: "HS256",
      kid: "../../../../../../../dev/null",
    });
    expect(hmacVerifies("kid-path-traversal", "")).toBe(true);
  },
  "kid-dev-null": () => expect(hmacVerifies("kid-dev-null", "")).toBe(true),
  "kid-blank": () => {
    expect(decodedOf("kid-blank").header).toStrictEqual({ alg: "RS256", kid: "" });
    expect(decodedOf("kid-blank").signatureBytes).toHaveLength(0);
  },
  "kid-sql-injection": () => {
    expect(decodedOf("kid-sql-injection").header.kid).toContain("UNION SELECT");
    expect(hmacVerifies("kid-sql-injection", "1")).toBe(true);
  },
  "kid-command-injection": () => expect(decodedOf("kid-command-injection").header.kid).toContain("sleep 10"),
  "kid-unknown": () => {
    expect(decodedOf("kid-unknown").header.kid).toBe("/invalid_path");
    expect(signedBy("kid-unknown", untrusted)).toBe(true);
  },
  "iss-attacker-discovery": () =>
    expect(decodedOf("iss-attacker-discovery").payload.iss).toBe("http://127.0.0.1:4567"),
  expired: () => {
    const { payload } = decodedOf("expired");
    expect(payload.exp).toBeLessThan(FIXED_NOW_SEC);
    onlyDiffers(payload, { iat: FIXED_NOW_SEC - 900, nbf: FIXED_NOW_SEC - 900, exp: FIXED_NOW_SEC - 600 });
    expect(signedBy("expired", trusted)).toBe(true);
  },
  "nbf-future": () => expect(decodedOf("nbf-future").payload.nbf).toBe(FIXED_NOW_SEC + 600),
  "exp-missing": () => onlyDiffers(decodedOf("exp-missing").payload, { exp: undefined }),
  "exp-far-future": () => expect(decodedOf("exp-far-future").payload.exp).toBe(FIXED_NOW_SEC + 31_536_000),
  "exp-string": () => expect(decodedOf("exp-string").payload.exp).toBe(String(FIXED_NOW_SEC + 300)),
  "exp-null": () => expect(decodedOf("exp-null").payload.exp).toBeNull(),
  "iss-missing": () => onlyDiffers(decodedOf("iss-missing").payload, { iss: undefined }),
  "iss-empty": () => onlyDiffers(decodedOf("iss-empty").payload, { iss: "" }),
  "iss-other-issuer": () => {
    expect(decodedOf("iss-other-issuer").payload.iss).toBe("https://token.actions.githubusercontent.com");
    expect(signedBy("iss-other-issuer", untrusted)).toBe(true);
  },
  "multiple-tokens": () => {
    const parts = built.get("multiple-tokens")!;
    const inQuery = decodeToken(parts.query!.jwt!).payload;
    expect(inQuery.job_id).not.toBe(SAMPLE_JOB.jobId);
    expect(verifiesWith(trusted, parts.query!.jwt!)).toBe(true);
    const inHeader = parts.headers.authorization!.slice("Bearer ".length);
    expect(verifiesWith(untrusted, inHeader)).toBe(true);
    expect(decodeToken(inHeader).header.kid).toBe(trusted.kid);
  },
  "token-in-query": () => {
    const parts = built.get("token-in-query")!;
    expect(parts.headers).toStrictEqual({});
    expect(signedBy("token-in-query", trusted)).toBe(true);
    onlyDiffers(decodedOf("token-in-query").payload, {});
  },
  "other-organization": () => {
    const { payload } = decodedOf("other-organization");
    expect([payload.organization_slug, payload.pipeline_slug, payload.aud]).toEqual([
      "acme-inc-other",
      "payments-api",
      ctx.audience,
    ]);
    expect(payload.sub).toMatch(/^organization:acme-inc-other:pipeline:payments-api:/);
    expect(signedBy("other-organization", trusted)).toBe(true);
  },
  "other-pipeline": () =>
    expect(decodedOf("other-pipeline").payload.pipeline_slug).toBe("payments-api-other"),
  "other-audience": () => {
    onlyDiffers(decodedOf("other-audience").payload, { aud: "sts.amazonaws.com" });
    expect(signedBy("other-audience", trusted)).toBe(true);
  },
  "replayed-after-expiry": () => {
    const { payload } = decodedOf("replayed-after-expiry");
    expect([payload.iat, (payload.exp as number) - (payload.iat as number)]).toEqual([
      FIXED_NOW_SEC - 3600,
      300,
    ]);
    expect(signedBy("replayed-after-expiry", trusted)).toBe(true);
  },
  "step-reused": () => {
    const { payload } = decodedOf("step-reused");
    expect(payload.step_key).toBe("integration-tests-other");
    expect(payload.job_id).not.toBe(SAMPLE_JOB.jobId);
    expect([payload.build_number, payload.pipeline_slug]).toEqual([4182, "payments-api"]);
    expect(signedBy("step-reused", trusted)).toBe(true);
  },
  "lifetime-above-buildkite-max": () => {
    const { payload } = decodedOf("lifetime-above-buildkite-max");
    expect((payload.exp as number) - (payload.iat as number)).toBe(14_400);
    expect(signedBy("lifetime-above-buildkite-max", trusted)).toBe(true);
  },
};

function hmacVerifies(id: string, secret: string): boolean {
  const { signingInput, signatureBytes, header } = decodedOf(id);
  expect(header.alg).toBe("HS256");
  return createHmac("sha256", secret).update(signingInput).digest().equals(signatureBytes);
}

describe("FORGED_CASES", () => {
  it("has at least 39 unique kebab-case ids, including the required ones", () => {
    const ids = FORGED_CASES.map((c) => c.id);
    expect(ids.length).toBeGreaterThanOrEqual(39);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(ids).toEqual(expect.arrayContaining(["alg-none", "untrusted-key", "expired"]));
  });

  it("findForgedCase finds by id", () => {
    expect(findForgedCase("alg-none")?.class).toBe("algorithm");
    expect(findForgedCase("nope")).toBeUndefined();
  });

  it("every case never reaches the upstream and expects 401 (403 only where a policy layer may answer)", () => {
    for (const c of FORGED_CASES) {
      expect(c.expect.upstream).toBe("never");
      const policy = c.class === "buildkite" || c.id === "multiple-tokens";
      expect(c.expect.statuses, c.id).toEqual(policy ? [401, 403] : [401]);
    }
  });

  it("every case keeps its note free of the tokens it sent", () => {
    for (const [id, parts] of built) {
      for (const value of [...Object.values(parts.headers), ...Object.values(parts.query ?? {})]) {
        const token = value.replace(/^Bearer /, "");
        expect(parts.note, id).not.toContain(token.slice(0, 24));
      }
      expect(parts.note.length, id).toBeGreaterThan(5);
    }
  });

  it.each(FORGED_CASES.map((c) => [c.id] as const))("%s builds what its description says", (id) => {
    const promise = PROMISES[id];
    expect(promise, `add a PROMISES entry for ${id}`).toBeDefined();
    promise!();
  });

  it("cases needing attacker infrastructure use ctx.attackerJwksUrl, or an unresolvable placeholder", () => {
    const { attackerJwksUrl: _unused, ...withoutAttacker } = ctx;
    for (const c of FORGED_CASES.filter((f) => f.requiresAttackerServer)) {
      const token = tokenOf(c.build(withoutAttacker));
      const text = JSON.stringify(decodeToken(token));
      expect(text, c.id).toContain(new URL(PLACEHOLDER_ATTACKER_JWKS).host);
      expect(JSON.stringify(decodedOf(c.id))).toContain("127.0.0.1:4567");
    }
  });

  it("the validly-signed Buildkite cases all verify with the trusted key", () => {
    for (const c of FORGED_CASES.filter((f) => f.class === "buildkite")) {
      expect(
        verify(
          "sha256",
          Buffer.from(decodedOf(c.id).signingInput),
          trusted.publicKeyPem,
          decodedOf(c.id).signatureBytes,
        ),
      ).toBe(true);
    }
  });

  it("carries ctx.claims in every genuine token; other-organization/pipeline carry that party's own ids", () => {
    const keyed: ForgeContext = { ...ctx, claims: { organization_id: "org-acme", pipeline_id: "pipe-1" } };
    const payloadOf = (id: string) => decodeToken(tokenOf(findForgedCase(id)!.build(keyed))).payload;
    expect(payloadOf("expired")).toMatchObject({ organization_id: "org-acme", pipeline_id: "pipe-1" });
    expect(payloadOf("other-organization")).toMatchObject({
      organization_id: idClaimFor("organization_id", "acme-inc-other"),
      pipeline_id: "pipe-1",
    });
    expect(payloadOf("other-pipeline")).toMatchObject({
      organization_id: "org-acme",
      pipeline_id: idClaimFor("pipeline_id", "payments-api-other"),
    });
  });
});
