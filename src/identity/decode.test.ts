import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isShadowgateError } from "../errors.ts";
import { base64urlEncode } from "./base64url.ts";
import { decodeToken, describeToken } from "./decode.ts";
import { createIssuer } from "./issuer.ts";
import { SAMPLE_JOB, fixedClock } from "./test-support.ts";

const issuer = createIssuer({
  privateKey: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey,
  clock: fixedClock(),
});
const token = issuer.mint({ job: SAMPLE_JOB });
const [h, p, s] = token.split(".") as [string, string, string];

function malformedMessage(value: string): string {
  try {
    decodeToken(value);
  } catch (error) {
    if (isShadowgateError(error, "SG_TOKEN_MALFORMED")) return error.message;
    throw error;
  }
  throw new Error("expected SG_TOKEN_MALFORMED");
}

describe("decodeToken", () => {
  it("round-trips a minted token, unverified", () => {
    const decoded = decodeToken(token);
    expect(decoded.unverified).toBe(true);
    expect(decoded.header).toStrictEqual({ alg: "RS256", kid: issuer.kid });
    expect(decoded.payload.sub).toBe(issuer.claimsFor({ job: SAMPLE_JOB }).sub);
    expect(base64urlEncode(decoded.signatureBytes)).toBe(s);
    expect(decoded.signingInput).toBe(`${h}.${p}`);
  });

  it("names what is wrong without echoing the token", () => {
    expect(malformedMessage(`${h}.${p}`)).toBe(
      "token has 2 segment(s); a signed JWT has 3 (header.payload.signature)",
    );
    expect(malformedMessage("a.b.c.d.e")).toMatch(/5 is an encrypted JWE/);
    expect(malformedMessage(`${h}.*${p}.${s}`)).toBe(
      "the payload segment contains characters outside the base64url alphabet",
    );
    expect(malformedMessage(`${h}.${p}=.${s}`)).toMatch(/payload segment contains characters/);
    expect(malformedMessage(`${h}.${base64urlEncode("{nope")}.${s}`)).toBe(
      "the payload segment is not valid JSON",
    );
    expect(malformedMessage(`${base64urlEncode("[1]")}.${p}.${s}`)).toBe(
      "the header segment is JSON but not an object",
    );
    expect(malformedMessage(`${h}.${p}.abcde`)).toMatch(
      /signature segment has an impossible base64url length/,
    );
    expect(malformedMessage(`${h}.${p}.abcde`)).not.toContain(p);
  });

  it("accepts an empty signature segment (alg none / null signature)", () => {
    expect(decodeToken(`${h}.${p}.`).signatureBytes).toHaveLength(0);
  });
});

describe("describeToken", () => {
  it("describes the claims a report needs and never the signature or token", () => {
    const descriptor = describeToken(token);
    expect(descriptor).toStrictEqual({
      kind: "jwt",
      alg: "RS256",
      kid: issuer.kid,
      headerParams: ["alg", "kid"],
      iss: "https://agent.buildkite.com",
      sub: issuer.claimsFor({ job: SAMPLE_JOB }).sub,
      aud: "https://buildkite.com/acme-inc",
      iat: 1_767_225_600,
      nbf: 1_767_225_600,
      exp: 1_767_225_900,
      jti: expect.any(String),
      jobId: SAMPLE_JOB.jobId,
      organization: "acme-inc",
      pipeline: "payments-api",
      stepKey: "integration-tests",
      buildNumber: 4182,
      lifetimeSec: 300,
      signatureLength: 256,
    });
    const text = JSON.stringify(descriptor);
    expect(text).not.toContain(s.slice(0, 20));
    expect(text).not.toContain(p.slice(0, 20));
  });

  it("renders non-primitive values as truncated JSON text", () => {
    const odd = issuer.sign({ alg: ["RS256"], kid: "k".repeat(500) }, { aud: ["a", "b"], exp: "soon" });
    const descriptor = describeToken(odd);
    expect(descriptor).toMatchObject({ kind: "jwt", alg: '["RS256"]', aud: '["a","b"]', exp: "soon" });
    expect(descriptor.kind === "jwt" && String(descriptor.kid).length).toBe(201);
    expect(descriptor).not.toHaveProperty("lifetimeSec");
  });

  it("describes a malformed token by reason and shape only", () => {
    expect(describeToken(`${h}.${p}`)).toStrictEqual({
      kind: "malformed",
      reason: "token has 2 segment(s); a signed JWT has 3 (header.payload.signature)",
      segments: 2,
      length: h.length + 1 + p.length,
    });
  });
});
