import { describe, expect, it } from "vitest";
import {
  base64UrlDecode,
  decodeJwt,
  exceedsMaximumExpiration,
  JwtRuntimeError,
  verifyRegisteredClaims,
} from "./jwt-parser.ts";

describe("jwt_parser", () => {
  it("treats exp == now as expired and nbf == now as valid (integer seconds)", () => {
    expect(verifyRegisteredClaims({ exp: 100 }, ["exp"], 100)).toEqual({ exp: "token expired" });
    expect(verifyRegisteredClaims({ exp: 101 }, ["exp"], 100)).toBeUndefined();
    expect(verifyRegisteredClaims({ nbf: 100 }, ["nbf"], 100)).toBeUndefined();
    expect(verifyRegisteredClaims({ nbf: 101 }, ["nbf"], 100)).toEqual({ nbf: "token not valid yet" });
    expect(verifyRegisteredClaims({ exp: null }, ["exp"], 100)).toEqual({ exp: "must be a number" });
    expect(verifyRegisteredClaims({}, undefined, 100)).toBeUndefined();
  });

  it("checks maximum_expiration against exp - now", () => {
    expect(exceedsMaximumExpiration({ exp: 160 }, 60, 100)).toBe(false);
    expect(exceedsMaximumExpiration({ exp: 161 }, 60, 100)).toBe(true);
    expect(exceedsMaximumExpiration({}, 60, 100)).toBe(true);
    expect(() => exceedsMaximumExpiration({ exp: "soon" }, 60, 100)).toThrow(JwtRuntimeError);
  });

  it("decodes base64url only, padding optional", () => {
    expect(base64UrlDecode("e30")?.toString()).toBe("{}");
    expect(base64UrlDecode("e30=")?.toString()).toBe("{}");
    expect(base64UrlDecode("a+b/")).toBeUndefined();
    expect(base64UrlDecode("abcde")).toBeUndefined();
  });

  it("keeps extra dots in the signature part, like tokenize(token, '.', 3)", () => {
    const r = decodeJwt(`${Buffer.from('{"alg":"HS256"}').toString("base64url")}.e30.a.b`);
    expect("error" in r ? r.error : "ok").toBe("invalid signature");
  });
});
