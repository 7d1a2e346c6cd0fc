import { createHash, createPublicKey, generateKeyPairSync, verify, type JsonWebKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isShadowgateError } from "../errors.ts";
import { decodeToken } from "./decode.ts";
import { createIssuer } from "./issuer.ts";
import { FIXED_NOW_SEC, SAMPLE_JOB, fixedClock } from "./test-support.ts";

// One key pair for the whole file: RSA generation is the slow part.
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const issuer = createIssuer({
  privateKey,
  clock: fixedClock(),
  randomUUID: () => "11111111-2222-7333-8444-555555555555",
});

function segments(token: string): string[] {
  return token.split(".");
}

describe("createIssuer", () => {
  it("mints a header of exactly alg and kid, no typ", () => {
    const [header] = segments(issuer.mint({ job: SAMPLE_JOB }));
    expect(Buffer.from(header!, "base64url").toString()).toBe(`{"alg":"RS256","kid":"${issuer.kid}"}`);
  });

  it("uses a 64 lower-case hex kid: SHA-256 of the SPKI DER", () => {
    const der = createPublicKey(issuer.publicKeyPem).export({ type: "spki", format: "der" });
    expect(issuer.kid).toMatch(/^[0-9a-f]{64}$/);
    expect(issuer.kid).toBe(createHash("sha256").update(der).digest("hex"));
  });

  it("signs with RS256 verifiable by node:crypto against publicKeyPem", () => {
    const [h, p, s] = segments(issuer.mint({ job: SAMPLE_JOB }));
    expect(
      verify("sha256", Buffer.from(`${h}.${p}`), issuer.publicKeyPem, Buffer.from(s!, "base64url")),
    ).toBe(true);
    expect(issuer.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it("mintAsync signs on the thread pool and gives the very token mint gives (RS256 is deterministic)", async () => {
    const request = { job: SAMPLE_JOB, lifetimeSec: 600 };
    const signing = issuer.mintAsync(request);
    expect(signing).toBeInstanceOf(Promise);
    expect(await signing).toBe(issuer.mint(request));
  });

  it("puts claimsFor's claims in the token, timed by the injected clock", () => {
    const token = issuer.mint({ job: SAMPLE_JOB, lifetimeSec: 7200 });
    const { payload } = decodeToken(token);
    expect(payload).toStrictEqual(issuer.claimsFor({ job: SAMPLE_JOB, lifetimeSec: 7200 }));
    expect([payload.iat, payload.exp, payload.jti]).toEqual([
      FIXED_NOW_SEC,
      FIXED_NOW_SEC + 7200,
      "11111111-2222-7333-8444-555555555555",
    ]);
  });

  it("refuses a 7201 s lifetime with SG_TOKEN_REQUEST_INVALID", () => {
    let caught: unknown;
    try {
      issuer.mint({ job: SAMPLE_JOB, lifetimeSec: 7201 });
    } catch (error) {
      caught = error;
    }
    expect(isShadowgateError(caught, "SG_TOKEN_REQUEST_INVALID")).toBe(true);
    expect((caught as Error).message).toBe("Requested lifetime too high (requested: 7201 max: 7200)");
  });

  it("publishes a JWKS whose key is the signing key", () => {
    const { keys } = issuer.jwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", e: "AQAB", kid: issuer.kid, alg: "RS256", use: "sig" });
    const fromJwk = createPublicKey({ key: keys[0] as JsonWebKey, format: "jwk" });
    expect(fromJwk.export({ type: "spki", format: "pem" })).toBe(issuer.publicKeyPem);
  });

  it("accepts the same key as PEM (same kid) and defaults iss to Buildkite's", () => {
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const again = createIssuer({ privateKey: pem });
    expect([again.kid, again.issuer]).toEqual([issuer.kid, "https://agent.buildkite.com"]);
  });

  it("takes a shadow issuer and gives UUIDv7 jti values by default", () => {
    const shadow = createIssuer({ privateKey, issuer: "https://shadow.example", clock: fixedClock() });
    const claims = shadow.claimsFor({ job: SAMPLE_JOB });
    expect(claims.iss).toBe("https://shadow.example");
    // UUIDv7: the first 48 bits are the clock's milliseconds (0x019b76daa800 for 2026-01-01).
    expect((FIXED_NOW_SEC * 1000).toString(16)).toBe("19b76daa800");
    expect(claims.jti).toMatch(/^019b76da-a800-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(shadow.claimsFor({ job: SAMPLE_JOB }).jti).not.toBe(claims.jti);
  });

  it("refuses a non-RSA private key", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    expect(() => createIssuer({ privateKey: ec })).toThrow(/must be an RSA private key/);
    expect(() => createIssuer({ privateKey: "not a pem" })).toThrow(/not a readable PEM/);
  });

  it("sign() serializes the header as given and signRaw() supports other RSA algorithms", () => {
    const token = issuer.sign({ alg: "RS256", typ: "JWT" }, { a: 1 });
    expect(decodeToken(token).header).toStrictEqual({ alg: "RS256", typ: "JWT" });
    const pss = issuer.signRaw("data", "PS256");
    expect(pss).toHaveLength(256);
  });
});
