import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { request } from "undici";
import { parse } from "yaml";
import { upstreamOrigins } from "../../src/kong/patch.ts";
import { root } from "./remote-gateway.ts";

interface ComposeService {
  image: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes: string[];
  ports?: string[];
  extra_hosts?: string[];
  healthcheck: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  networks?: { default: { aliases: string[] } };
}

const compose = parse(readFileSync(path.join(root, "docker-compose.yml"), "utf8")) as {
  services: { kong: ComposeService; "mock-upstream": ComposeService };
};
const { kong, "mock-upstream": mock } = compose.services;
const mounted = (service: ComposeService, target: string) =>
  service.volumes.map((v) => v.split(":")).find(([, t]) => t === target)?.[0];

/** docker compose cannot run here; this pins what `docker compose up` would start (kong.md §7.2). */
describe("docker-compose.yml", () => {
  it("runs kong:3.9.3 DB-less on the example config, proxy and Admin API on loopback only", () => {
    expect(kong.image).toBe("kong:3.9.3");
    expect(kong.environment).toMatchObject({
      KONG_DATABASE: "off",
      KONG_DECLARATIVE_CONFIG: "/kong/kong.yml",
      KONG_PROXY_LISTEN: "0.0.0.0:8000",
      KONG_ADMIN_LISTEN: "0.0.0.0:8001",
    });
    const config = mounted(kong, "/kong/kong.yml");
    expect(config).toBe("./fixtures/kong/acme-buildkite.yml");
    expect(existsSync(path.join(root, config!))).toBe(true);
    expect(kong.ports).toEqual(["127.0.0.1:8000:8000", "127.0.0.1:8001:8001"]);
    expect(kong.healthcheck.test).toEqual(["CMD", "kong", "health"]);
    expect(kong.extra_hosts).toContain("host.docker.internal:host-gateway");
    expect(kong.depends_on).toEqual({ "mock-upstream": { condition: "service_healthy" } });
  });

  it("gives every upstream origin of the example config to the mock upstream service", () => {
    const config = parse(readFileSync(path.join(root, "fixtures/kong/acme-buildkite.yml"), "utf8")) as Record<
      string,
      unknown
    >;
    const origins = upstreamOrigins(config).map((o) => new URL(o));
    expect(origins.length).toBeGreaterThan(0);
    for (const origin of origins) {
      expect(mock.networks?.default.aliases).toContain(origin.hostname);
      expect(mock.command?.at(-1)).toBe(`0.0.0.0:${origin.port}`);
    }
    expect(mock.command?.slice(0, 4)).toEqual(["node", "bin/shadowgate.js", "mock-upstream", "--listen"]);
    expect(mounted(mock, "/app")).toBe("./"); // this checkout, so bin/shadowgate.js is there
  });

  it("its mock upstream (`shadowgate mock-upstream`) answers like the harness's mocks, and on /healthz", async () => {
    const child = spawn(process.execPath, [
      path.join(root, "bin/shadowgate.js"),
      "mock-upstream",
      "--listen",
      "127.0.0.1:0",
    ]);
    try {
      const url = await new Promise<string>((resolve) =>
        child.stdout.once("data", (c: Buffer) =>
          resolve((JSON.parse(c.toString()) as { mockUpstream: string }).mockUpstream),
        ),
      );
      // undici's request, not fetch: fetch may not set Host, and Kong forwards the service's host in it.
      const res = await request(`${url}/v1/artifacts/x?y=1`, {
        headers: { host: "artifacts.acme.internal:8080" },
      });
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toEqual({
        ok: true,
        upstream: "artifacts.acme.internal:8080",
        path: "/v1/artifacts/x?y=1",
      });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
