import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIssuer } from "./issuer.ts";
import { startJwksServer, type JwksServer } from "./jwks-server.ts";
import { createRotatingIssuer } from "./rotating-issuer.ts";

const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const rotating = createRotatingIssuer([
  createIssuer({ privateKey: rsa() }),
  createIssuer({ privateKey: rsa() }),
]);
let server: JwksServer;

beforeAll(async () => {
  server = await startJwksServer({ keys: rotating, issuer: "https://agent.buildkite.com" });
});
afterAll(async () => {
  await server.close();
});

describe("startJwksServer", () => {
  it("listens on 127.0.0.1 and serves the JWKS", async () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(server.jwksUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toStrictEqual(rotating.jwks());
  });

  it("serves OpenID discovery pointing at its JWKS", async () => {
    const doc = (await (await fetch(server.discoveryUrl)).json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer: "https://agent.buildkite.com",
      jwks_uri: server.jwksUrl,
      id_token_signing_alg_values_supported: ["RS256"],
    });
  });

  it("records every fetch, including unknown paths, so a test can ask whether the gateway fetched", async () => {
    server.clearFetches();
    expect(server.wasFetched()).toBe(false);
    const before = Date.now();
    await fetch(`${server.jwksUrl}?x=1`, { headers: { "user-agent": "kong-test" } });
    const missing = await fetch(`${server.origin}/nope`);
    expect(missing.status).toBe(404);
    expect(server.wasFetched()).toBe(true);
    expect(server.wasFetched("/nope", before)).toBe(true);
    expect(server.wasFetched(undefined, Date.now() + 60_000)).toBe(false);
    expect(
      server.fetches().map(({ method, path, status, userAgent }) => ({ method, path, status, userAgent })),
    ).toEqual([
      { method: "GET", path: "/.well-known/jwks", status: 200, userAgent: "kong-test" },
      { method: "GET", path: "/nope", status: 404, userAgent: "node" },
    ]);
  });

  it("shows rotation at once: the JWKS keeps both keys, minting switches kid", async () => {
    const before = rotating.kid;
    rotating.rotate();
    const { keys } = (await (await fetch(server.jwksUrl)).json()) as { keys: { kid: string }[] };
    expect(keys.map((k) => k.kid)).toContain(before);
    expect(keys.map((k) => k.kid)).toContain(rotating.kid);
    expect(rotating.kid).not.toBe(before);
  });

  it("defaults discovery's issuer to its own origin and closes idempotently", async () => {
    const own = await startJwksServer({ keys: rotating });
    const doc = (await (await fetch(own.discoveryUrl)).json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(own.origin);
    await own.close();
    await own.close();
    await expect(fetch(own.jwksUrl)).rejects.toThrow();
  });
});
