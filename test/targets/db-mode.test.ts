import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adminClient } from "../../src/kong/admin-client.ts";
import { blockRoute } from "../../src/kong/patch.ts";
import { openDbModeSession } from "../../src/targets/db-mode-session.ts";
import { restoreFromFile } from "../../src/targets/restore.ts";

/**
 * A Kong Admin API with a database, reduced to the entity endpoints the DB-mode session uses (kong.md §7.4:
 * no POST /config there). Real Kong answers these paths the same way; this pins what the harness sends.
 */
function fakeDbKong() {
  const entities = new Map<string, Record<string, unknown>>([
    [
      "/services/deploy",
      { id: "s1", name: "deploy", protocol: "http", host: "deploy.acme.internal", port: 8080, path: null },
    ],
    [
      "/jwts/https%3A%2F%2Fagent.buildkite.com",
      { id: "j1", key: "https://agent.buildkite.com", algorithm: "RS256", rsa_public_key: "BUILDKITE" },
    ],
  ]);
  const plugins = new Map<string, Record<string, unknown>>();
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const url = req.url ?? "/";
      calls.push(`${req.method} ${url}`);
      const send = (status: number, value?: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(value === undefined ? "" : JSON.stringify(value));
      };
      const pluginRoute = /^\/routes\/([^/]+)\/plugins$/.exec(url);
      if (req.method === "POST" && pluginRoute) {
        const plugin = { ...body, route: { id: pluginRoute[1] } };
        plugins.set(String(body.id), plugin);
        return send(201, plugin);
      }
      if (req.method === "DELETE" && url.startsWith("/plugins/")) {
        plugins.delete(url.slice("/plugins/".length));
        return send(204);
      }
      const entity = entities.get(url) ?? [...entities.values()].find((e) => url === `/jwts/${String(e.id)}`);
      if (!entity) return send(404, { message: "Not found" });
      if (req.method === "GET") return send(200, entity);
      if (req.method === "PATCH") return send(200, Object.assign(entity, body));
      return send(405, { message: "Method not allowed" });
    });
  });
  return { server, entities, plugins, calls };
}

const shadow = {
  _format_version: "3.0",
  services: [
    {
      name: "deploy",
      protocol: "http",
      host: "127.0.0.1",
      port: 20001,
      routes: [{ name: "deploy", paths: ["/deploy"], plugins: [{ name: "jwt" }] }],
    },
  ],
  consumers: [
    {
      username: "buildkite",
      jwt_secrets: [{ key: "https://agent.buildkite.com", algorithm: "RS256", rsa_public_key: "HARNESS" }],
    },
  ],
};

describe("DB-mode Kong: faults and the shadow setup through entity endpoints, undone from the journal", () => {
  let kong: ReturnType<typeof fakeDbKong>;
  let adminUrl: string;
  let file: string;

  beforeEach(async () => {
    kong = fakeDbKong();
    await new Promise<void>((resolve) => kong.server.listen(0, "127.0.0.1", resolve));
    adminUrl = `http://127.0.0.1:${(kong.server.address() as AddressInfo).port}`;
    file = path.join(mkdtempSync(path.join(tmpdir(), "sg-db-")), "restore.json");
  });
  afterEach(() => new Promise<void>((resolve) => kong.server.close(() => resolve())));

  it("points services at the mocks, swaps the key, journals the undo first, and restores both", async () => {
    const session = await openDbModeSession(adminClient(adminUrl), adminUrl, file, shadow);
    expect(kong.entities.get("/services/deploy")).toMatchObject({ host: "127.0.0.1", port: 20001 });
    expect(kong.entities.get("/jwts/https%3A%2F%2Fagent.buildkite.com")).toMatchObject({
      rsa_public_key: "HARNESS",
    });
    const journal = JSON.parse(readFileSync(file, "utf8")) as { plan: { mode: string; undo: unknown[] } };
    expect(journal.plan).toMatchObject({
      mode: "db",
      undo: [
        {
          method: "PATCH",
          path: "/services/deploy",
          body: { protocol: "http", host: "deploy.acme.internal", port: 8080, path: null },
        },
        { method: "PATCH", path: "/jwts/j1", body: { algorithm: "RS256", rsa_public_key: "BUILDKITE" } },
      ],
    });
    await session.restore();
    expect(kong.entities.get("/services/deploy")).toMatchObject({ host: "deploy.acme.internal", port: 8080 });
    expect(kong.entities.get("/jwts/https%3A%2F%2Fagent.buildkite.com")).toMatchObject({
      rsa_public_key: "BUILDKITE",
    });
    expect(existsSync(file)).toBe(false);
  });

  it("applies a blocked route by creating request-termination on it, and reverts by deleting exactly that", async () => {
    const session = await openDbModeSession(adminClient(adminUrl), adminUrl, file, shadow);
    await session.writer.push(blockRoute(shadow, "deploy", { status_code: 503 }));
    const [created] = [...kong.plugins.values()];
    expect(created).toMatchObject({
      name: "request-termination",
      config: { status_code: 503 },
      route: { id: "deploy" },
    });
    expect(kong.calls).toContain("POST /routes/deploy/plugins");
    await session.writer.push(shadow);
    expect(kong.plugins.size).toBe(0);
    expect(kong.calls).toContain(`DELETE /plugins/${String(created!.id)}`);
    await session.restore();
  });

  it("after a crash mid-fault, `shadowgate restore` deletes the plugin and patches everything back", async () => {
    const session = await openDbModeSession(adminClient(adminUrl), adminUrl, file, shadow);
    await session.writer.push(blockRoute(shadow, "deploy", { status_code: 503 }));
    // the harness dies here: no revert, no restore
    const outcome = await restoreFromFile(file);
    expect(outcome).toMatchObject({ adminUrl, mode: "db" });
    expect(kong.plugins.size).toBe(0);
    expect(kong.entities.get("/services/deploy")).toMatchObject({ host: "deploy.acme.internal", port: 8080 });
    expect(kong.entities.get("/jwts/https%3A%2F%2Fagent.buildkite.com")).toMatchObject({
      rsa_public_key: "BUILDKITE",
    });
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a config whose services are not in the database, undoing what it changed", async () => {
    const missing = {
      ...shadow,
      services: [...shadow.services, { name: "artifacts", host: "127.0.0.1", port: 1 }],
    };
    await expect(openDbModeSession(adminClient(adminUrl), adminUrl, file, missing)).rejects.toMatchObject({
      code: "SG_TARGET_START_FAILED",
      message: expect.stringContaining('no service "artifacts"') as unknown,
    });
    expect(kong.entities.get("/services/deploy")).toMatchObject({ host: "deploy.acme.internal" });
    expect(existsSync(file)).toBe(false);
  });
});
