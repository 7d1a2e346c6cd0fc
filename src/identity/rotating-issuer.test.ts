import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeToken } from "./decode.ts";
import { createIssuer } from "./issuer.ts";
import { createRotatingIssuer } from "./rotating-issuer.ts";
import { SAMPLE_JOB } from "./test-support.ts";

const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const first = createIssuer({ privateKey: rsa() });
const second = createIssuer({ privateKey: rsa() });

describe("createRotatingIssuer", () => {
  it("mints with the active key and publishes both; rotate() switches the kid", () => {
    const rotating = createRotatingIssuer([first, second]);
    expect(rotating.jwks().keys.map((k) => k.kid)).toEqual([first.kid, second.kid]);
    expect(decodeToken(rotating.mint({ job: SAMPLE_JOB })).header.kid).toBe(first.kid);
    expect(rotating.rotate()).toBe(second.kid);
    expect([rotating.kid, rotating.publicKeyPem]).toEqual([second.kid, second.publicKeyPem]);
    expect(decodeToken(rotating.mint({ job: SAMPLE_JOB })).header.kid).toBe(second.kid);
    expect(rotating.jwks().keys).toHaveLength(2);
  });

  it("retire() drops a rotated-out key from the JWKS but never the active one", () => {
    const rotating = createRotatingIssuer([first, second]);
    expect(() => rotating.retire(first.kid)).toThrow(/active signing key/);
    rotating.rotate();
    rotating.retire(first.kid);
    expect(rotating.jwks().keys.map((k) => k.kid)).toEqual([second.kid]);
  });

  it("refuses keys with different issuers", () => {
    const other = createIssuer({ privateKey: rsa(), issuer: "https://other.example" });
    expect(() => createRotatingIssuer([first, other])).toThrow(/share one iss/);
  });
});
