import { describe, expect, it } from "vitest";
import { HS_SECRET, HS_SECRET_B64 } from "./config.ts";
import { rawRequest } from "./fixture.ts";
import { useConformanceConfig } from "./shared-setup.ts";
import { generateTestKeys, nowSeconds, signJwt } from "./tokens.ts";

const env = useConformanceConfig();

const hs = (claims: Record<string, unknown>, header: Record<string, unknown> = {}): string =>
  signJwt({ typ: "JWT", alg: "HS256", ...header }, claims, HS_SECRET);
const valid = (): Record<string, unknown> => ({ iss: "alice-hs", exp: nowSeconds() + 300 });
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

async function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Response> {
  return fetch(`${env.target.proxyUrl}${path}`, { method, headers });
}

const invalidToken = 'Bearer error="invalid_token"';

async function expect401(res: Response, body: unknown, www: string | null = invalidToken): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(res.headers.get("www-authenticate")).toBe(www);
  expect(res.headers.get("server")).toBe("kong/3.9.3");
  expect(res.headers.get("via")).toBeNull();
  expect(res.headers.get("x-kong-response-latency")).toMatch(/^\d+$/);
  expect(res.headers.get("x-kong-request-id")).toMatch(/^[0-9a-f]+$/);
  expect(await res.json()).toEqual(body);
}

describe("jwt §1.4 check order and bodies", () => {
  it("a: no token → Unauthorized with bare Bearer challenge", async () => {
    await expect401(await get("/jwt"), { message: "Unauthorized" }, "Bearer");
    await expect401(
      await get("/jwt", { authorization: "Basic dXNlcjpwYXNz" }),
      { message: "Unauthorized" },
      "Bearer",
    );
    await expect401(
      await get("/jwt", { authorization: `BEARER ${hs(valid())}` }),
      { message: "Unauthorized" },
      "Bearer",
    );
  });

  it("a with realm → Bearer realm=…; other 401s join realm and error with a space (3.9.x)", async () => {
    await expect401(await get("/jwt-realm"), { message: "Unauthorized" }, 'Bearer realm="shadow"');
    await expect401(
      await get("/jwt-realm", bearer("x.y.z")),
      { message: "Bad token; invalid JSON" },
      'Bearer realm="shadow" error="invalid_token"',
    );
  });

  it("b: several distinct tokens → Multiple tokens provided; the same token twice is fine", async () => {
    const a = hs(valid());
    const b = hs({ ...valid(), sub: "other" });
    await expect401(await get(`/jwt?jwt=${b}`, bearer(a)), { message: "Multiple tokens provided" });
    await expect401(await get(`/jwt?jwt=${a}&jwt=${b}`), { message: "Multiple tokens provided" });
    expect((await get(`/jwt?jwt=${a}`, bearer(a))).status).toBe(200);
  });

  it("b': a valueless ?jwt → Unrecognizable token", async () => {
    await expect401(await get("/jwt?jwt"), { message: "Unrecognizable token" });
  });

  it("c: undecodable token → Bad token; invalid JSON", async () => {
    await expect401(await get("/jwt", bearer("abc")), { message: "Bad token; invalid JSON" });
    await expect401(await get("/jwt", bearer("a.b")), { message: "Bad token; invalid JSON" });
    await expect401(await get("/jwt", bearer("e30.!!!.sig")), { message: "Bad token; invalid JSON" });
    const notJson = `${Buffer.from("{nope").toString("base64url")}.e30.c2ln`;
    await expect401(await get("/jwt", bearer(notJson)), { message: "Bad token; invalid JSON" });
  });

  it("c': missing or unsupported alg → Bad token; invalid alg", async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(valid())).toString("base64url")}.`;
    await expect401(await get("/jwt", bearer(none)), { message: "Bad token; invalid alg" });
    const noAlg = `${Buffer.from('{"typ":"JWT"}').toString("base64url")}.e30.c2ln`;
    await expect401(await get("/jwt", bearer(noAlg)), { message: "Bad token; invalid alg" });
  });

  it("d: no key claim → No mandatory 'iss' in claims, even with a garbage signature", async () => {
    const t = hs({ exp: nowSeconds() + 60 }).replace(/\.[^.]+$/, ".AAAA");
    await expect401(await get("/jwt", bearer(t)), { message: "No mandatory 'iss' in claims" });
    await expect401(await get("/jwt-kid", bearer(hs({ iss: "alice-hs" }))), {
      message: "No mandatory 'kid' in claims",
    });
  });

  it("d: the key claim is also looked up in the JOSE header", async () => {
    expect((await get("/jwt-kid", bearer(hs({}, { kid: "alice-hs" })))).status).toBe(200);
  });

  it("d': empty key claim → Invalid 'iss' in claims", async () => {
    await expect401(await get("/jwt", bearer(hs({ iss: "" }))), { message: "Invalid 'iss' in claims" });
  });

  it("e: unknown issuer → No credentials found (before any signature check)", async () => {
    const t = hs({ iss: "mallory" }).replace(/\.[^.]+$/, ".AAAA");
    await expect401(await get("/jwt", bearer(t)), { message: "No credentials found for given 'iss'" });
  });

  it("f: alg differs from the credential → Invalid algorithm", async () => {
    await expect401(await get("/jwt", bearer(hs({ ...valid(), iss: "alice-hs512" }))), {
      message: "Invalid algorithm",
    });
    const rsAsHs = signJwt({ alg: "HS256" }, { ...valid(), iss: "alice-rs" }, env.keys.rsa.publicPem);
    await expect401(await get("/jwt", bearer(rsAsHs)), { message: "Invalid algorithm" });
  });

  it("g: ES credential without a key → Invalid key/secret", async () => {
    const t = signJwt({ alg: "ES256" }, { ...valid(), iss: "alice-es-nokey" }, env.keys.ec.privateKey);
    await expect401(await get("/jwt", bearer(t)), { message: "Invalid key/secret" });
  });

  it("h: wrong signature → Invalid signature", async () => {
    const t = signJwt({ alg: "HS256" }, valid(), "not-the-secret");
    await expect401(await get("/jwt", bearer(t)), { message: "Invalid signature" });
  });

  it("i: claims errors are the whole body, checked after the signature", async () => {
    await expect401(await get("/jwt", bearer(hs({ iss: "alice-hs", exp: nowSeconds() - 1 }))), {
      exp: "token expired",
    });
    await expect401(await get("/jwt", bearer(hs({ iss: "alice-hs" }))), { exp: "must be a number" });
    await expect401(await get("/jwt", bearer(hs({ iss: "alice-hs", exp: String(nowSeconds() + 60) }))), {
      exp: "must be a number",
    });
    await expect401(await get("/jwt-nbf", bearer(hs({ iss: "alice-hs" }))), {
      nbf: "must be a number",
      exp: "must be a number",
    });
    await expect401(await get("/jwt-nbf", bearer(hs({ ...valid(), nbf: nowSeconds() + 120 }))), {
      nbf: "token not valid yet",
    });
    const expiredBadSig = signJwt({ alg: "HS256" }, { iss: "alice-hs", exp: 1 }, "wrong");
    await expect401(await get("/jwt", bearer(expiredBadSig)), { message: "Invalid signature" });
  });

  it("i: without claims_to_verify an expired token is accepted", async () => {
    expect((await get("/jwt-noclaims", bearer(hs({ iss: "alice-hs", exp: 1 })))).status).toBe(200);
  });

  it("j: maximum_expiration → exceeds maximum allowed expiration", async () => {
    await expect401(await get("/jwt-max", bearer(hs({ iss: "alice-hs", exp: nowSeconds() + 3600 }))), {
      exp: "exceeds maximum allowed expiration",
    });
    expect((await get("/jwt-max", bearer(hs({ iss: "alice-hs", exp: nowSeconds() + 300 })))).status).toBe(
      200,
    );
  });
});

describe("jwt success and consumer headers (§1.6)", () => {
  it("l: sets consumer headers upstream, clears client-supplied ones, forwards Authorization unchanged", async () => {
    const token = hs(valid());
    const res = await get("/jwt", {
      ...bearer(token),
      "x-consumer-custom-id": "forged",
      "x-anonymous-consumer": "true",
    });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as { headers: Record<string, string> };
    expect(seen.headers["x-consumer-username"]).toBe("alice");
    expect(seen.headers["x-consumer-custom-id"]).toBe("alice-001");
    expect(seen.headers["x-consumer-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.headers["x-credential-identifier"]).toBe("alice-hs");
    expect(seen.headers["x-anonymous-consumer"]).toBeUndefined();
    expect(seen.headers["authorization"]).toBe(`Bearer ${token}`);
  });

  it.each(["RS256", "PS256", "ES256", "EdDSA"] as const)("verifies %s tokens", async (alg) => {
    const key = { RS256: env.keys.rsa, PS256: env.keys.rsa, ES256: env.keys.ec, EdDSA: env.keys.ed }[alg]
      .privateKey;
    const iss = { RS256: "alice-rs", PS256: "alice-ps", ES256: "alice-es", EdDSA: "alice-ed" }[alg];
    expect((await get("/jwt", bearer(signJwt({ alg }, { iss, exp: nowSeconds() + 60 }, key)))).status).toBe(
      200,
    );
    const other = generateTestKeys();
    const wrongKey = { RS256: other.rsa, PS256: other.rsa, ES256: other.ec, EdDSA: other.ed }[alg].privateKey;
    await expect401(await get("/jwt", bearer(signJwt({ alg }, { iss, exp: nowSeconds() + 60 }, wrongKey))), {
      message: "Invalid signature",
    });
  });

  it("ES256 with a wrong-length signature → 500 family 3 (Kong asserts the length)", async () => {
    const t = signJwt({ alg: "ES256" }, { ...valid(), iss: "alice-es" }, env.keys.ec.privateKey).replace(
      /\.[^.]+$/,
      ".AAAA",
    );
    const res = await rawRequest(`${env.target.proxyUrl}/jwt`, { headers: bearer(t) });
    expect(res.status).toBe(500);
    expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(res.body).toBe(
      `An unexpected error occurred\nrequest_id: ${String(res.headers["x-kong-request-id"])}\n`,
    );
  });

  it("reads tokens from cookies and base64 secrets", async () => {
    expect((await get("/jwt-cookie", { cookie: `other=1; session=${hs(valid())}` })).status).toBe(200);
    const b64 = signJwt({ alg: "HS256" }, { iss: "alice-b64" }, Buffer.from(HS_SECRET_B64, "base64url"));
    expect((await get("/jwt-b64", bearer(b64))).status).toBe(200);
  });

  it("anonymous: failures proxy as the anonymous consumer", async () => {
    const res = await get("/jwt-anon", { "x-credential-identifier": "forged" });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as { headers: Record<string, string> };
    expect(seen.headers["x-anonymous-consumer"]).toBe("true");
    expect(seen.headers["x-consumer-username"]).toBe("anon");
    expect(seen.headers["x-credential-identifier"]).toBeUndefined();
  });

  it("run_on_preflight=false lets OPTIONS through unauthenticated", async () => {
    expect((await get("/jwt-preflight", {}, "OPTIONS")).status).toBe(200);
    expect((await get("/jwt", {}, "OPTIONS")).status).toBe(401);
  });

  it("auth runs before request-termination (priority 1450 > 2)", async () => {
    await expect401(await get("/terminated-auth"), { message: "Unauthorized" }, "Bearer");
    const res = await get("/terminated-auth", bearer(hs(valid())));
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('{"message":"closed"}');
  });
});
