import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { isShadowgateError } from "../errors.ts";
import { decodeHistogram } from "./histogram.ts";
import { runLoad } from "./load.ts";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const servers: Server[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

// Kong's key-auth/jwt rejection (kong.md): 401 with a JSON message.
const answer401: Handler = (_req, res) => {
  res.writeHead(401, { "content-type": "application/json; charset=utf-8" });
  res.end('{"message":"Unauthorized"}');
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

describe("runLoad (closed model)", () => {
  it("counts exactly the statuses the server answered and records µs latency", async () => {
    const url = await serve(answer401);
    const s = await runLoad({
      url,
      path: "/v2/builds",
      route: "builds",
      series: "forged",
      durationSec: 1,
      connections: 4,
    });

    expect(s.requests).toBeGreaterThan(0);
    expect(s.statusCounts).toEqual({ "401": s.requests });
    expect(s).toMatchObject({ route: "builds", series: "forged", connections: 4, errors: 0, timeouts: 0 });
    expect(s.latencyUs.p50).toBeGreaterThan(0);
    expect(s.latencyUs.p50).toBeLessThan(1_000_000);
    expect(s.latencyUs.p50).toBeLessThanOrEqual(s.latencyUs.p99);
    expect(s.latencyUs.p99).toBeLessThanOrEqual(s.latencyUs.max);
    expect(decodeHistogram(s.histogram).totalCount).toBe(s.requests);
    expect(s.durationSec).toBeGreaterThanOrEqual(0.9);
    expect(s.rps).toBeGreaterThan(0);
    expect(s.generatorLoopDelayP99Us).toBeGreaterThanOrEqual(0);
    expect(s).not.toHaveProperty("latencyUsCorrected");
  });

  it("sends the configured method and headers on every request", async () => {
    const seen = new Set<string>();
    const url = await serve((req, res) => {
      seen.add(`${req.method} ${req.url} ${req.headers.authorization}`);
      res.end("ok");
    });
    const s = await runLoad({
      url,
      path: "/v2/builds?state=running",
      method: "POST",
      headers: { authorization: "Bearer t0k3n" },
      body: "{}",
      route: "builds",
      series: "valid",
      durationSec: 0.5,
      connections: 1,
    });
    expect(s.statusCounts).toEqual({ "200": s.requests });
    expect([...seen]).toEqual(["POST /v2/builds?state=running Bearer t0k3n"]);
  });

  it("discards warm-up samples", async () => {
    // The first 20 requests (all inside the 0.5 s warm-up) get 503; any leak would show as "503".
    let handled = 0;
    const url = await serve((req, res) => {
      handled += 1;
      if (handled <= 20) {
        res.writeHead(503).end();
        return;
      }
      answer401(req, res);
    });
    const s = await runLoad({
      url,
      path: "/",
      route: "root",
      series: "baseline",
      durationSec: 0.5,
      warmupSec: 0.5,
      connections: 2,
    });
    expect(handled).toBeGreaterThan(20 + s.requests - 1);
    expect(s.statusCounts).toEqual({ "401": s.requests });
  });

  it("stops on abort and reports the partial series as SG_RUN_INTERRUPTED", async () => {
    const url = await serve(answer401);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const error = await rejection(
      runLoad({
        url,
        path: "/",
        route: "root",
        series: "forged",
        durationSec: 30,
        connections: 2,
        signal: controller.signal,
      }),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(isShadowgateError(error, "SG_RUN_INTERRUPTED")).toBe(true);
    const partial = (error as { details: { partial: { requests: number } } }).details.partial;
    expect(partial.requests).toBeGreaterThan(0);
  });

  it("refuses to start when the signal is already aborted", async () => {
    const error = await rejection(
      runLoad({
        url: "http://127.0.0.1:9",
        path: "/",
        route: "r",
        series: "valid",
        durationSec: 1,
        connections: 1,
        signal: AbortSignal.abort(),
      }),
    );
    expect(isShadowgateError(error, "SG_RUN_INTERRUPTED")).toBe(true);
  });

  it("fails with SG_TARGET_UNREACHABLE instead of reporting 0 µs when nothing answers", async () => {
    const url = await serve(answer401);
    const closed = servers.pop()!;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(
      runLoad({ url, path: "/", route: "root", series: "valid", durationSec: 0.5, connections: 1 }),
    );
    expect(isShadowgateError(error, "SG_TARGET_UNREACHABLE")).toBe(true);
  });
});

describe("runLoad (open model, coordinated omission)", () => {
  it("charges queueing behind a slow gateway to the corrected latency only", async () => {
    // 50 ms per response on one connection sustains ~20 req/s; asking 100 req/s builds a backlog.
    const url = await serve((_req, res) => {
      setTimeout(() => res.end("ok"), 50);
    });
    const s = await runLoad({
      url,
      path: "/",
      route: "slow",
      series: "valid",
      durationSec: 1,
      connections: 1,
      rate: 100,
    });
    expect(s.targetRps).toBe(100);
    expect(s.rps).toBeLessThan(100);
    expect(s.latencyUs.p50).toBeGreaterThanOrEqual(50_000);
    expect(s.latencyUsCorrected!.p50).toBeGreaterThan(2 * s.latencyUs.p50);
    expect(decodeHistogram(s.histogramCorrected!).totalCount).toBe(s.requests);
  });

  it("does not inflate latency when the gateway keeps up with the rate", async () => {
    const url = await serve(answer401);
    const s = await runLoad({
      url,
      path: "/",
      route: "fast",
      series: "forged",
      durationSec: 1.5,
      connections: 2,
      rate: 20,
    });
    expect(s.connections).toBe(2);
    expect(s.requests).toBeGreaterThan(0);
    // autocannon's limiter is a per-second bucket per connection: bursts at 0 s and 1 s only.
    expect(s.requests).toBeLessThanOrEqual(2 * 20 + 2);
    expect(s.latencyUsCorrected!.p50).toBeLessThanOrEqual(s.latencyUs.p90);
  });
});
