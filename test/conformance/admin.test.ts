import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  pick,
  rawRequest,
  startEchoUpstream,
  startTarget,
  type EchoUpstream,
  type Target,
} from "./fixture.ts";

let up: EchoUpstream;
let target: Target;

const configFor = (path: string): Record<string, unknown> => ({
  _format_version: "3.0",
  services: [{ name: "echo", url: `http://${up.host}:${up.port}`, routes: [{ name: "r", paths: [path] }] }],
});

beforeAll(async () => {
  up = await startEchoUpstream();
  target = await startTarget(configFor("/one"));
});
afterAll(async () => {
  await target?.close();
  await up?.close();
});

const admin = (path: string, options: Parameters<typeof rawRequest>[1] = {}) =>
  rawRequest(`${target.adminUrl}${path}`, options);
const proxyStatus = async (path: string): Promise<number> =>
  (await rawRequest(`${target.proxyUrl}${path}`)).status;
const hash = async (): Promise<string> =>
  (JSON.parse((await admin("/status")).body) as { configuration_hash: string }).configuration_hash;

describe("Admin API, DB-less (§7.4)", () => {
  it("GET / describes a community 3.9.3 node with database off", async () => {
    const res = await admin("/");
    const body = JSON.parse(res.body) as unknown;
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(body).toMatchObject({ tagline: "Welcome to kong", version: "3.9.3", edition: "community" });
    expect(pick(body, "configuration.database")).toBe("off");
    expect(pick(body, "plugins.available_on_server.jwt")).toEqual({ version: "3.9.3", priority: 1450 });
  });

  it("GET /status has server counters and a 32-hex configuration_hash", async () => {
    const body = JSON.parse((await admin("/status")).body) as unknown;
    expect(pick(body, "server.total_requests")).toBeGreaterThan(0);
    expect(pick(body, "configuration_hash")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("GET /config exports YAML", async () => {
    const body = JSON.parse((await admin("/config")).body) as { config: string };
    expect(body.config).toContain('_format_version: "3.0"');
    expect(body.config).toContain("/one");
  });

  it("POST /config accepts the four request forms", async () => {
    const json = JSON.stringify(configFor("/two"));
    expect(
      (
        await admin("/config", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: json,
        })
      ).status,
    ).toBe(201);
    expect(await proxyStatus("/two")).toBe(200);
    expect(await proxyStatus("/one")).toBe(404);

    const wrapped = JSON.stringify({ config: JSON.stringify(configFor("/three")) });
    expect(
      (
        await admin("/config", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: wrapped,
        })
      ).status,
    ).toBe(201);
    expect(await proxyStatus("/three")).toBe(200);

    const yaml = `_format_version: "3.0"\nservices:\n  - name: echo\n    url: http://${up.host}:${up.port}\n    routes:\n      - name: r\n        paths: [/four]\n`;
    expect(
      (
        await admin("/config", {
          method: "POST",
          headers: { "content-type": "application/yaml" },
          body: yaml,
        })
      ).status,
    ).toBe(201);
    expect(await proxyStatus("/four")).toBe(200);

    const form = new FormData();
    form.set("config", new Blob([yaml.replace("/four", "/five")]), "kong.yml");
    const res = await fetch(`${target.adminUrl}/config`, { method: "POST", body: form });
    expect(res.status).toBe(201);
    expect(await proxyStatus("/five")).toBe(200);
  });

  it("?check_hash=1 answers 304 for an unchanged config", async () => {
    const body = JSON.stringify(configFor("/six"));
    const post = (q: string) =>
      admin(`/config${q}`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await post("")).status).toBe(201);
    const before = await hash();
    expect((await post("?check_hash=1")).status).toBe(304);
    expect(await hash()).toBe(before);
  });

  it("rejects empty and invalid configs and keeps the running one", async () => {
    await target.load(configFor("/kept"));
    const before = await hash();
    const empty = await admin("/config", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "",
    });
    expect(empty.status).toBe(400);
    expect(empty.body).toBe('{"message":"expected a declarative configuration"}');

    const bad = { _format_version: "3.0", services: [{ name: "x", port: 70000 }] };
    const res = await admin("/config?flatten_errors=1", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(bad),
    });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body) as unknown;
    expect(body).toMatchObject({
      code: 14,
      name: "invalid declarative configuration",
      message:
        'declarative config is invalid: {services={{host="required field missing",port="value should be between 0 and 65535"}}}',
      fields: { services: [{ host: "required field missing", port: "value should be between 0 and 65535" }] },
    });
    expect(pick(body, "flattened_errors.0")).toMatchObject({ entity_type: "service", entity_name: "x" });
    expect(await hash()).toBe(before);
    expect(await proxyStatus("/kept")).toBe(200);
  });

  it("answers 405 code 12 to entity writes", async () => {
    const cases: [string, string, string][] = [
      ["POST", "/routes", "cannot create 'routes' entities when not using a database"],
      ["POST", "/consumers/alice/jwt", "cannot create 'jwt_secrets' entities when not using a database"],
      ["PUT", "/services/echo", "cannot create or update 'services' entities when not using a database"],
      ["PATCH", "/routes/r", "cannot update 'routes' entities when not using a database"],
      ["DELETE", "/plugins/x", "cannot remove 'plugins' entities when not using a database"],
    ];
    for (const [method, path, message] of cases) {
      const res = await admin(path, { method, headers: { "content-type": "application/json" }, body: "{}" });
      expect(res.status).toBe(405);
      expect(JSON.parse(res.body)).toEqual({ code: 12, name: "operation unsupported", message });
    }
    expect(JSON.parse((await admin("/routes", { method: "DELETE" })).body)).toEqual({
      message: "Method not allowed",
    });
  });
});
