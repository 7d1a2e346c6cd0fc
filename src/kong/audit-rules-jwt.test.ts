import { describe, expect, it } from "vitest";
import { findingsOf, jwt, oneRoute, SOUND_JWT, summaryOf } from "./audit-fixtures.test-support.ts";

describe("jwt config rules", () => {
  it("reports a jwt without claims_to_verify as accepting expired tokens, demonstrated by the expired case", () => {
    const [f, ...rest] = findingsOf(
      oneRoute([jwt({ ...SOUND_JWT, claims_to_verify: undefined, maximum_expiration: 0 })]),
      "jwt-exp-not-verified",
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: "high", entity: "plugin jwt on route api" });
    expect(f!.demonstratedBy).toContain("expired");
    expect(f!.kongBehaviour).toMatch(/§1\.5: claims_to_verify has no default/);
    expect(f!.fix).toMatch(/claims_to_verify: \[exp, nbf\]/);
  });

  it("reports claims_to_verify [nbf] (exp missing) but not [exp, nbf]", () => {
    const weak = oneRoute([jwt({ ...SOUND_JWT, claims_to_verify: ["nbf"], maximum_expiration: 0 })]);
    expect(findingsOf(weak, "jwt-exp-not-verified")).toHaveLength(1);
    expect(findingsOf(oneRoute([jwt()]), "jwt-exp-not-verified")).toEqual([]);
  });

  it("reports nbf missing from claims_to_verify as low, and not when listed", () => {
    const f = findingsOf(
      oneRoute([jwt({ ...SOUND_JWT, claims_to_verify: ["exp"] })]),
      "jwt-nbf-not-verified",
    );
    expect(summaryOf(f)).toEqual(["low jwt-nbf-not-verified @ plugin jwt on route api"]);
    expect(f[0]!.demonstratedBy).toEqual(["nbf-future"]);
    expect(findingsOf(oneRoute([jwt()]), "jwt-nbf-not-verified")).toEqual([]);
  });

  it("reports maximum_expiration unset (Kong default 0) as medium, and 7200 as fine", () => {
    const { maximum_expiration: _omit, ...noMax } = SOUND_JWT;
    const f = findingsOf(oneRoute([jwt(noMax)]), "jwt-no-maximum-expiration");
    expect(summaryOf(f)).toEqual(["medium jwt-no-maximum-expiration @ plugin jwt on route api"]);
    expect(f[0]!.demonstratedBy).toEqual(["exp-far-future", "lifetime-above-buildkite-max"]);
    expect(findingsOf(oneRoute([jwt()]), "jwt-no-maximum-expiration")).toEqual([]);
  });

  it("reports maximum_expiration above 7200 as low, naming the cases that still get through", () => {
    const f = findingsOf(
      oneRoute([jwt({ ...SOUND_JWT, maximum_expiration: 86_400 })]),
      "jwt-maximum-expiration-above-buildkite-max",
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.title).toContain("86400 s");
    // lifetime-above-buildkite-max lives 14400 s: accepted under an 86400 s cap; a year-long token is not.
    expect(f[0]!.demonstratedBy).toEqual(["lifetime-above-buildkite-max"]);
    const short = findingsOf(
      oneRoute([jwt({ ...SOUND_JWT, maximum_expiration: 10_000 })]),
      "jwt-maximum-expiration-above-buildkite-max",
    );
    expect(short[0]!.demonstratedBy).toEqual([]);
    expect(
      findingsOf(
        oneRoute([jwt({ ...SOUND_JWT, maximum_expiration: 300 })]),
        "jwt-maximum-expiration-above-buildkite-max",
      ),
    ).toEqual([]);
  });

  it("reports the default uri_param_names [jwt] (tokens in the query string end up in logs)", () => {
    const { uri_param_names: _omit, ...defaults } = SOUND_JWT;
    const f = findingsOf(oneRoute([jwt(defaults)]), "jwt-token-in-query-string");
    expect(summaryOf(f)).toEqual(["medium jwt-token-in-query-string @ plugin jwt on route api"]);
    expect(f[0]!.title).toContain("?jwt=");
    expect(f[0]!.kongBehaviour).toMatch(/§8/);
    expect(findingsOf(oneRoute([jwt()]), "jwt-token-in-query-string")).toEqual([]);
  });

  it("reports cookie_names as low and the default [] as fine", () => {
    const f = findingsOf(oneRoute([jwt({ ...SOUND_JWT, cookie_names: ["session"] })]), "jwt-token-in-cookie");
    expect(summaryOf(f)).toEqual(["low jwt-token-in-cookie @ plugin jwt on route api"]);
    expect(findingsOf(oneRoute([jwt()]), "jwt-token-in-cookie")).toEqual([]);
  });

  it("reports key-auth's default key_in_query, and not key_in_query false", () => {
    const doc = (config: Record<string, unknown>) =>
      oneRoute([{ name: "key-auth", config }], {
        consumers: [{ username: "ci", keyauth_credentials: [{ key: "k" }] }],
      });
    expect(summaryOf(findingsOf(doc({}), "key-auth-key-in-query-string"))).toEqual([
      "medium key-auth-key-in-query-string @ plugin key-auth on route api",
    ]);
    expect(findingsOf(doc({ key_in_query: false }), "key-auth-key-in-query-string")).toEqual([]);
  });

  it("ignores disabled jwt plugins and names service and global scopes", () => {
    const weak = { claims_to_verify: ["nbf"], uri_param_names: [] };
    const doc = {
      _format_version: "3.0",
      services: [
        {
          name: "api",
          url: "http://api.internal",
          plugins: [jwt(weak)],
          routes: [{ name: "r", paths: ["/r"] }],
        },
      ],
      plugins: [jwt(weak, { route: "r", enabled: false }), jwt(weak)],
    };
    expect(summaryOf(findingsOf(doc, "jwt-exp-not-verified"))).toEqual([
      "high jwt-exp-not-verified @ global plugin jwt",
      "high jwt-exp-not-verified @ plugin jwt on service api",
    ]);
  });
});

describe("jwt HMAC secret length", () => {
  const withSecret = (algorithm: string, secret: string, pluginConfig: Record<string, unknown> = SOUND_JWT) =>
    oneRoute([jwt(pluginConfig)], {
      consumers: [{ username: "ci", jwt_secrets: [{ key: "ci", algorithm, secret }] }],
    });

  it("reports an HS256 secret under 32 bytes as medium, naming the credential", () => {
    const f = findingsOf(withSecret("HS256", "x".repeat(31)), "jwt-hs-secret-short");
    expect(summaryOf(f)).toEqual([
      "medium jwt-hs-secret-short @ jwt_secrets credential ci (HS256) of consumer ci",
    ]);
    expect(f[0]!.title).toContain("31 bytes");
    expect(findingsOf(withSecret("HS256", "x".repeat(32)), "jwt-hs-secret-short")).toEqual([]);
  });

  it("requires the hash size for HS512 (64 bytes) and measures multi-byte characters in bytes", () => {
    expect(findingsOf(withSecret("HS512", "x".repeat(48)), "jwt-hs-secret-short")).toHaveLength(1);
    expect(findingsOf(withSecret("HS256", "é".repeat(16)), "jwt-hs-secret-short")).toEqual([]);
  });

  it("measures the decoded secret when every jwt plugin sets secret_is_base64", () => {
    const encoded = Buffer.alloc(24, 7).toString("base64url"); // 32 characters, 24 bytes
    expect(findingsOf(withSecret("HS256", encoded), "jwt-hs-secret-short")).toEqual([]);
    const decoded = findingsOf(
      withSecret("HS256", encoded, { ...SOUND_JWT, secret_is_base64: true }),
      "jwt-hs-secret-short",
    );
    expect(decoded[0]!.title).toContain("24 bytes");
  });

  it("names the catalogue case that signs with the same weak secret", () => {
    expect(findingsOf(withSecret("HS256", "secret"), "jwt-hs-secret-short")[0]!.demonstratedBy).toEqual([
      "hs256-weak-secret",
    ]);
  });

  it("never reports RS256 credentials (their auto-generated secret is unused)", () => {
    const doc = oneRoute([jwt()], {
      consumers: [
        { username: "ci", jwt_secrets: [{ key: "ci", algorithm: "HS256", secret: "s".repeat(40) }] },
      ],
    });
    expect(findingsOf(doc, "jwt-hs-secret-short")).toEqual([]);
  });
});
