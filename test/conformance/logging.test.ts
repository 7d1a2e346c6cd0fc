/** http-log and file-log records (kong.md §8): fields, REDACTED authorization, batching, one line per record. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest, startEchoUpstream, startTarget, type EchoUpstream, type Target } from "./fixture.ts";

interface Received {
  readonly method: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}

let up: EchoUpstream;
let target: Target;
let sink: Server;
const received: Received[] = [];
const dir = mkdtempSync(join(tmpdir(), "shadowgate-file-log-"));
const logFile = join(dir, "kong.log");
const embedded = process.env["SHADOWGATE_KONG_PROXY_URL"] === undefined;

beforeAll(async () => {
  up = await startEchoUpstream();
  sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
  const endpoint = `http://user:pass@${up.host}:${(sink.address() as AddressInfo).port}/logs`;
  target = await startTarget({
    _format_version: "3.0",
    services: [
      {
        name: "echo",
        url: `http://${up.host}:${up.port}`,
        routes: [
          {
            name: "logged",
            paths: ["/logged"],
            plugins: [
              { name: "key-auth" },
              {
                name: "http-log",
                config: { http_endpoint: endpoint, method: "PUT", headers: { "x-log-token": "t0k" } },
              },
            ],
          },
          {
            name: "batched",
            paths: ["/batched"],
            plugins: [
              {
                name: "http-log",
                config: { http_endpoint: endpoint, queue: { max_batch_size: 3, max_coalescing_delay: 5 } },
              },
            ],
          },
          ...(embedded
            ? [
                {
                  name: "filed",
                  paths: ["/filed"],
                  plugins: [{ name: "file-log", config: { path: logFile } }],
                },
              ]
            : []),
        ],
      },
    ],
    consumers: [{ username: "alice", keyauth_credentials: [{ key: "alice-key" }] }],
  });
});
afterAll(async () => {
  await target?.close();
  await up?.close();
  sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(probe: () => T | undefined, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const field = (v: unknown, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>(
      (o, k) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
      v,
    );

describe("http-log (§8)", () => {
  it("sends one record per request with Kong's fields, authorization REDACTED", async () => {
    received.length = 0;
    const res = await rawRequest(`${target.proxyUrl}/logged/a?x=1&x=2&flag`, {
      headers: { apikey: "alice-key", authorization: "Bearer secret-token", host: "api.test:8000" },
    });
    expect(res.status).toBe(200);
    const got = await until(() => received[0]);
    expect(got.method).toBe("PUT");
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["x-log-token"]).toBe("t0k");
    expect(got.headers["authorization"]).toBe(`Basic ${Buffer.from("user:pass").toString("base64")}`);
    const r = got.body;
    expect(Array.isArray(r)).toBe(false);
    expect(field(r, "request.id")).toBe(res.headers["x-kong-request-id"]);
    expect(field(r, "request.uri")).toBe("/logged/a?x=1&x=2&flag");
    expect(field(r, "request.url")).toMatch(/^http:\/\/api\.test:\d+\/logged\/a\?x=1&x=2&flag$/);
    expect(field(r, "request.querystring")).toEqual({ x: ["1", "2"], flag: true });
    expect(field(r, "request.method")).toBe("GET");
    expect(field(r, "request.headers.authorization")).toBe("REDACTED");
    expect(field(r, "request.headers.apikey")).toBe("alice-key");
    expect(field(r, "upstream_uri")).toBe("/a?x=1&x=2&flag");
    expect(field(r, "upstream_status")).toBe("200");
    expect(field(r, "response.status")).toBe(200);
    expect(field(r, "response.headers.x-kong-request-id")).toBe(res.headers["x-kong-request-id"]);
    expect(field(r, "response.headers.via")).toBe("1.1 kong/3.9.3");
    expect(field(r, "route.name")).toBe("logged");
    expect(field(r, "service.name")).toBe("echo");
    expect(field(r, "consumer.username")).toBe("alice");
    expect(field(r, "authenticated_entity.id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(field(r, "source")).toBe("upstream");
    expect(field(r, "client_ip")).toBeTypeOf("string");
    expect(field(r, "started_at")).toBeTypeOf("number");
    expect(field(r, "workspace_name")).toBe("default");
    expect(field(r, "latencies.proxy")).toBeTypeOf("number");
    expect((field(r, "tries") as unknown[]).length).toBe(1);
  });

  it("logs Kong-generated responses too (source kong, proxy latency -1)", async () => {
    received.length = 0;
    const res = await rawRequest(`${target.proxyUrl}/logged`);
    expect(res.status).toBe(401);
    const r = (await until(() => received[0])).body;
    expect(field(r, "response.status")).toBe(401);
    expect(field(r, "source")).toBe("kong");
    expect(field(r, "latencies.proxy")).toBe(-1);
    expect(field(r, "consumer")).toBeUndefined();
  });

  it("batches up to queue.max_batch_size into one JSON array", async () => {
    received.length = 0;
    const ids: unknown[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await rawRequest(`${target.proxyUrl}/batched/${i}`)).headers["x-kong-request-id"]);
    const got = await until(() => received[0]);
    expect(Array.isArray(got.body)).toBe(true);
    expect((got.body as unknown[]).map((r) => field(r, "request.id"))).toEqual(ids);
  });
});

describe.runIf(embedded)("file-log (§8)", () => {
  it("appends one JSON record per line", async () => {
    const a = await rawRequest(`${target.proxyUrl}/filed/1`);
    const b = await rawRequest(`${target.proxyUrl}/filed/2`, { headers: { authorization: "Basic eDp5" } });
    const lines = await until(() => {
      try {
        const text = readFileSync(logFile, "utf8");
        const l = text.split("\n").filter((x) => x !== "");
        return l.length >= 2 && text.endsWith("\n") ? l : undefined;
      } catch {
        return undefined;
      }
    });
    const records = lines.map((l) => JSON.parse(l) as unknown);
    expect(records.map((r) => field(r, "request.id"))).toEqual([
      a.headers["x-kong-request-id"],
      b.headers["x-kong-request-id"],
    ]);
    expect(field(records[1], "request.headers.authorization")).toBe("REDACTED");
    expect(field(records[0], "upstream_uri")).toBe("/1");
  });
});
