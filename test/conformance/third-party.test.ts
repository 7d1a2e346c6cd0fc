/**
 * A Kong kong.yml written in Kong's documentation style, not by shadowgate (fixtures/kong/third-party/):
 * it loads unchanged apart from pointing its services at the echo upstream (what the shadow patch does),
 * and behaves as kong.md documents: jwt (§1), acl (§3.1), key-auth (§3.2), rate-limiting (§4), a global
 * correlation-id (§9), regex routes and service paths (§6).
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  rawRequest,
  startEchoUpstream,
  startTarget,
  type EchoUpstream,
  type RawResponse,
  type Target,
} from "./fixture.ts";

let up: EchoUpstream;
let target: Target;

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString("base64url");
function hs256(claims: Record<string, unknown>, secret: string): string {
  const input = `${b64({ typ: "JWT", alg: "HS256" })}.${b64(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

beforeAll(async () => {
  up = await startEchoUpstream();
  const config = parse(
    readFileSync(new URL("../../fixtures/kong/third-party/kong.yml", import.meta.url), "utf8"),
  ) as {
    services: Record<string, unknown>[];
  };
  for (const s of config.services) {
    const path = typeof s["url"] === "string" ? new URL(s["url"]).pathname : s["path"];
    delete s["url"];
    Object.assign(
      s,
      { protocol: "http", host: up.host, port: up.port },
      path && path !== "/" ? { path } : {},
    );
  }
  target = await startTarget(config);
});
afterAll(async () => {
  await target?.close();
  await up?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  rawRequest(`${target.proxyUrl}${path}`, { headers });
const seen = (res: RawResponse) => JSON.parse(res.body) as { url: string; headers: Record<string, string> };
const exp = () => Math.floor(Date.now() / 1000) + 300;

describe("third-party kong.yml", () => {
  it("orders: jwt then acl; a valid token reaches /api/v1 with consumer and group headers", async () => {
    const res = await get("/orders/42", {
      authorization: `Bearer ${hs256({ iss: "ci-issuer", exp: exp() }, "ci-shared-secret-please-rotate")}`,
    });
    expect(res.status).toBe(200);
    const up = seen(res);
    expect(up.url).toBe("/api/v1/42");
    expect(up.headers["x-consumer-username"]).toBe("ci-pipeline");
    expect(up.headers["x-consumer-custom-id"]).toBe("buildkite-ci");
    expect(up.headers["x-credential-identifier"]).toBe("ci-issuer");
    expect(up.headers["x-consumer-groups"]).toBe("orders-readers");
    expect(up.headers["x-correlation-id"]).toBe(res.headers["x-correlation-id"]);
    expect(res.headers["x-ratelimit-limit-minute"]).toBe("5");
  });

  it("orders: no token 401 Bearer, expired token, wrong group 403, method not routed 404", async () => {
    const none = await get("/orders");
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBe("Bearer");
    expect(none.body).toBe('{"message":"Unauthorized"}');
    const expired = await get("/orders", {
      authorization: `Bearer ${hs256({ iss: "ci-issuer", exp: 1000 }, "ci-shared-secret-please-rotate")}`,
    });
    expect(expired.body).toBe('{"exp":"token expired"}');
    const intern = await get("/orders", {
      authorization: `Bearer ${hs256({ iss: "intern-issuer", exp: exp() }, "intern-secret")}`,
    });
    expect(intern.status).toBe(403);
    expect(JSON.parse(intern.body)).toMatchObject({ message: "You cannot consume this service" });
    const del = await rawRequest(`${target.proxyUrl}/orders`, { method: "DELETE" });
    expect(del.status).toBe(404);
  });

  it("reports: regex route with key-auth in a custom header, hidden from the upstream", async () => {
    const ok = await get("/reports/2025", { "x-api-key": "ci-reports-key" });
    expect(ok.status).toBe(200);
    expect(seen(ok).url).toBe("/reports");
    expect(seen(ok).headers["x-api-key"]).toBeUndefined();
    expect((await get("/reports/25", { "x-api-key": "ci-reports-key" })).status).toBe(404);
    const bad = await get("/reports/2025", { "x-api-key": "nope" });
    expect(bad.status).toBe(401);
    expect(bad.headers["www-authenticate"]).toBe("Key");
  });

  it("health: public, strip_path false; the global correlation-id runs on every route", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(seen(res).url).toBe("/healthz");
    expect(res.headers["x-correlation-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});
