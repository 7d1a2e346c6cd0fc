import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeToken } from "./decode.ts";
import { verifyRsa } from "./jws.ts";
import { mintFromOptions, parseClaimPairs } from "./mint-options.ts";

describe("mintFromOptions (shadowgate token mint)", () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

  it("mints a Buildkite-shaped token signed with the given key", () => {
    const minted = mintFromOptions({
      organization: "acme-inc",
      pipeline: "payments-api",
      tag: "v1.2.0",
      step: "deploy",
      audience: "https://api.acme.internal",
      lifetimeSec: 600,
      claims: ["queue_key=runners", "build_id=null"],
      privateKeyPem: pem,
    });
    const { header, payload, signatureBytes, signingInput } = decodeToken(minted.token);
    expect(header).toEqual({ alg: "RS256", kid: minted.kid });
    expect(payload).toMatchObject({
      aud: "https://api.acme.internal",
      build_tag: "v1.2.0",
      step_key: "deploy",
      queue_key: "runners",
      build_id: null,
    });
    expect(String(payload.sub)).toContain(":ref:refs/tags/v1.2.0:");
    expect(Number(payload.exp) - Number(payload.iat)).toBe(600);
    expect(verifyRsa(createPublicKey(privateKey), "RS256", signingInput, signatureBytes)).toBe(true);
  });

  it("refuses malformed --claim values and lifetimes Buildkite refuses", () => {
    expect(() => parseClaimPairs(["nope"])).toThrow(/NAME=VALUE/);
    expect(() =>
      mintFromOptions({ organization: "a", pipeline: "p", lifetimeSec: 7201, privateKeyPem: pem }),
    ).toThrow(/Requested lifetime too high \(requested: 7201 max: 7200\)/);
  });
});
