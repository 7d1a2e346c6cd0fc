/**
 * Error bodies and upstream failures (kong.md §0, §6.1, §6.2): Accept negotiation of families 2 and 3,
 * HEAD, TRACE, connect/read timeouts on precise timers, and retries under `proxy_next_upstream`.
 */
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closedPort,
  rawRequest,
  startEchoUpstream,
  startTarget,
  type EchoUpstream,
  type Target,
} from "./fixture.ts";

let up: EchoUpstream;
let target: Target;
let silent: Server; // accepts TCP and never answers (a TLS handshake to it never completes)
let resetter: Server; // accepts, reads the request, closes: an invalid upstream response
let resets = 0;

const listen = async (s: Server): Promise<number> => {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return (s.address() as AddressInfo).port;
};

beforeAll(async () => {
  up = await startEchoUpstream();
  silent = createServer(() => undefined);
  resetter = createServer((socket) => {
    socket.once("data", () => {
      resets++;
      socket.destroy();
    });
  });
  const [silentPort, resetPort, deadPort] = [
    await listen(silent),
    await listen(resetter),
    await closedPort(),
  ];
  const upstreamHost = process.env["SHADOWGATE_UPSTREAM_HOST"] ?? "127.0.0.1";
  target = await startTarget({
    _format_version: "3.0",
    services: [
      {
        name: "dead",
        url: `http://127.0.0.1:${deadPort}`,
        retries: 0,
        routes: [{ name: "dead", paths: ["/dead"] }],
      },
      {
        name: "tls-silent",
        url: `https://${upstreamHost}:${silentPort}`,
        connect_timeout: 100,
        retries: 0,
        routes: [{ name: "tls-silent", paths: ["/connect-timeout"] }],
      },
      {
        name: "slow",
        url: `http://${up.host}:${up.port}`,
        read_timeout: 1200,
        retries: 0,
        routes: [{ name: "slow", paths: ["/read-timeout"], strip_path: false }],
      },
      {
        name: "resetting",
        url: `http://${upstreamHost}:${resetPort}`,
        retries: 2,
        routes: [{ name: "resetting", paths: ["/reset"] }],
      },
    ],
  });
});
afterAll(async () => {
  await target?.close();
  await up?.close();
  silent?.close();
  resetter?.close();
});

const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  rawRequest(`${target.proxyUrl}${path}`, { headers, method });

describe("family 2 negotiation: Accept only (§0)", () => {
  it.each([
    [
      "application/json",
      "application/json; charset=utf-8",
      (m: string, id: string) => `{\n  "message":"${m}",\n  "request_id":"${id}"\n}`,
    ],
    ["text/plain", "text/plain; charset=utf-8", (m: string, id: string) => `${m}\nrequest_id: ${id}\n`],
    [
      "application/xml",
      "application/xml; charset=utf-8",
      (m: string, id: string) =>
        `<?xml version="1.0" encoding="UTF-8"?>\n<error>\n  <message>${m}</message>\n  <requestid>${id}</requestid>\n</error>\n`,
    ],
    ["text/html;q=0.9, text/plain;q=0.5", "text/html; charset=utf-8", (m: string) => `<p>${m}.</p>`],
    ["*/*", "application/json; charset=utf-8", (m: string) => `"message":"${m}"`],
  ])("404 with Accept %s", async (accept, type, body) => {
    const res = await get("/nowhere", { accept });
    const id = String(res.headers["x-kong-request-id"]);
    expect(res.headers["content-type"]).toBe(type);
    expect(res.body).toContain(body("no Route matched with those values", id));
  });

  it("ignores Content-Type (family 2 is Accept only)", async () => {
    const res = await get("/nowhere", { "content-type": "text/html" });
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
  });
});

describe("family 3 negotiation: Accept, then Content-Type, then text/plain (§0)", () => {
  // kong/error_handlers.lua passes the whole Accept header to get_mime_type: `*/*` is the JSON default.
  it.each([
    [{}, "text/plain; charset=utf-8"],
    [{ accept: "*/*" }, "application/json; charset=utf-8"],
    [{ accept: "application/xml" }, "application/xml; charset=utf-8"],
    [{ accept: "text/html" }, "text/html; charset=utf-8"],
    [{ "content-type": "application/json" }, "application/json; charset=utf-8"],
    [{ accept: "text/plain", "content-type": "application/json" }, "text/plain; charset=utf-8"],
  ])("502 with %j → %s", async (headers, type) => {
    const res = await get("/dead", headers);
    expect(res.status).toBe(502);
    expect(res.headers["content-type"]).toBe(type);
    expect(res.body).toContain("An invalid response was received from the upstream server");
  });

  it("HEAD gets the status without a body; TRACE gets 405", async () => {
    const head = await get("/dead", {}, "HEAD");
    expect(head.status).toBe(502);
    expect(head.body).toBe("");
    const trace = await get("/dead", {}, "TRACE");
    expect(trace.status).toBe(405);
    expect(trace.body).toBe(
      `Method not allowed\nrequest_id: ${String(trace.headers["x-kong-request-id"])}\n`,
    );
  });
});

describe("timeouts and retries (§6.2)", () => {
  it("connect_timeout (TCP + TLS handshake) → 504 on time", async () => {
    const started = Date.now();
    const res = await get("/connect-timeout");
    const elapsed = Date.now() - started;
    expect(res.status).toBe(504);
    expect(res.body).toBe(
      `The upstream server is timing out\nrequest_id: ${String(res.headers["x-kong-request-id"])}\n`,
    );
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(400);
  });

  it("read_timeout above 1 s is accurate to ~50 ms", async () => {
    const started = Date.now();
    const res = await get("/read-timeout/hang");
    const elapsed = Date.now() - started;
    expect(res.status).toBe(504);
    expect(elapsed).toBeGreaterThanOrEqual(1190);
    expect(elapsed).toBeLessThan(1350);
    expect((await get("/read-timeout/slow/900")).status).toBe(200);
  });

  it("retries idempotent requests `retries` more times, a sent POST never", async () => {
    resets = 0;
    expect((await get("/reset")).status).toBe(502);
    expect(resets).toBe(3);
    resets = 0;
    const post = await rawRequest(`${target.proxyUrl}/reset`, { method: "POST", body: "x" });
    expect(post.status).toBe(502);
    expect(resets).toBe(1);
  });
});
