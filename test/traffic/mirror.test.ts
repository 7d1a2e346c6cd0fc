import { once } from "node:events";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIssuer } from "../../src/identity/index.ts";
import { containsSecret } from "../../src/redact.ts";
import type { CaptureRecord } from "../../src/traffic/capture-schema.ts";
import { readCapture } from "../../src/traffic/capture-reader.ts";
import { startMirror, type MirrorStats } from "../../src/traffic/mirror/mirror.ts";

const REQUESTS = 3000;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const issuer = createIssuer();
const token = issuer.mint({
  job: {
    organization: "acme-inc",
    pipeline: "payments-api",
    buildNumber: 4182,
    jobId: "019b7a3b-1f22-4c8e-9d10-6a5b4c3d2e1f",
    stepKey: "test",
    branch: "main",
    tag: null,
    commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
  },
});

describe("mirror: thousands of concurrent requests, a slow and failing shadow", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sg-mirror-"));
  const capture = path.join(dir, "capture.ndjson");
  const diff = path.join(dir, "diff.ndjson");
  // The primary answers each request with its id; the shadow is slow and refuses or drops some.
  const primary = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json", "x-primary": "yes" });
    res.end(JSON.stringify({ id: req.headers["x-test-id"] }));
  });
  const shadow = createServer((req, res) => {
    const id = Number(req.headers["x-test-id"]);
    if (id % 10 === 0) return req.socket.destroy();
    setTimeout(() => {
      res.writeHead(id % 10 === 1 ? 401 : 200, { "content-type": "application/json", "x-primary": "yes" });
      res.end(JSON.stringify({ id: req.headers["x-test-id"] }));
    }, 20);
  });
  const client = new Agent({ connections: 512 });
  let answers: { id: string; status: number; body: string; header: unknown }[] = [];
  let stats: MirrorStats;

  beforeAll(async () => {
    const mirror = await startMirror({
      listen: { host: "127.0.0.1", port: 0 },
      primary: await listen(primary),
      shadow: await listen(shadow),
      capture,
      diff,
    });
    answers = await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const res = await request(`${mirror.url}/artifacts/x?i=${i}`, {
          dispatcher: client,
          method: i % 3 === 0 ? "POST" : "GET",
          headers: { "x-test-id": String(i), ...(i % 2 === 0 ? { authorization: `Bearer ${token}` } : {}) },
          ...(i % 3 === 0 ? { body: JSON.stringify({ i }) } : {}),
        });
        return {
          id: String(i),
          status: res.statusCode,
          body: await res.body.text(),
          header: res.headers["x-primary"],
        };
      }),
    );
    stats = await mirror.stop();
  }, 60_000);

  afterAll(async () => {
    await client.close();
    await close(primary);
    await close(shadow);
  });

  it("answers every request with the primary's response, unchanged", () => {
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body)).toEqual({ id: a.id });
      expect(a.header).toBe("yes");
    }
  });

  it("records every request exactly once, flushed on stop", async () => {
    const seen = new Map<string, number>();
    for await (const { record } of readCapture(capture)) {
      const id = record.headers["x-test-id"]!;
      seen.set(id, (seen.get(id) ?? 0) + 1);
      expect(record.source).toBe("mirror");
      expect(record.response?.status).toBe(200);
    }
    expect(seen.size).toBe(REQUESTS);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(stats).toMatchObject({ requests: REQUESTS, recorded: REQUESTS, unrecorded: 0, primaryErrors: 0 });
  });

  it("fills the job from the token's claims and keeps only a descriptor", async () => {
    for await (const { record } of readCapture(capture)) {
      const id = Number(record.headers["x-test-id"]);
      if (id % 2 !== 0) continue;
      expect(record.job).toMatchObject({
        organization: "acme-inc",
        pipeline: "payments-api",
        build: 4182,
        step: "test",
      });
      expect(record.auth?.[0]).toMatchObject({
        from: "authorization",
        scheme: "Bearer",
        token: { kind: "jwt", alg: "RS256" },
      });
      if (id % 3 === 0)
        expect(Buffer.from(record.body!, "base64").toString()).toBe(JSON.stringify({ i: id }));
    }
    expect(containsSecret(readFileSync(capture, "utf8"))).toBe(false);
    expect(containsSecret(readFileSync(diff, "utf8"))).toBe(false);
  });

  it("writes the primary-vs-shadow outcome of every request the shadow answered or failed", () => {
    const lines = readFileSync(diff, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { path: string; class: string });
    expect(lines).toHaveLength(REQUESTS);
    const classOf = (i: number): unknown => lines.find((l) => l.path === `/artifacts/x?i=${i}`)?.class;
    expect(classOf(11)).toBe("newly-rejected");
    expect(classOf(12)).toBe("same");
    expect(classOf(10)).toBe("other");
    expect(stats.diff?.totals["newly-rejected"]).toBe(REQUESTS / 10);
    expect(stats.shadow).toMatchObject({ failed: REQUESTS / 10, dropped: 0 });
  });
});

describe("mirror: the primary path does not depend on the shadow", () => {
  it("serves and records with an unreachable shadow, and answers 502 when the primary is down", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sg-mirror-"));
    const primary = createServer((_req, res) => res.end("ok"));
    const primaryUrl = await listen(primary);
    const dead = createServer();
    const deadUrl = await listen(dead);
    await close(dead);
    const mirror = await startMirror({
      listen: { host: "127.0.0.1", port: 0 },
      primary: primaryUrl,
      shadow: deadUrl,
      capture: path.join(dir, "c.ndjson"),
    });
    const ok = await request(`${mirror.url}/a`);
    expect(await ok.body.text()).toBe("ok");
    await close(primary);
    const down = await request(`${mirror.url}/b`);
    expect(down.statusCode).toBe(502);
    await down.body.dump();
    const stats = await mirror.stop();
    expect(stats).toMatchObject({ requests: 2, recorded: 2, primaryErrors: 1 });
    const records = readFileSync(path.join(dir, "c.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as CaptureRecord);
    expect(records.map((r) => [r.path, r.response?.status])).toEqual([
      ["/a", 200],
      ["/b", undefined],
    ]);
  });

  it("lets in-flight requests finish on stop, and records them", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sg-mirror-"));
    const slow = createServer((_req, res) => setTimeout(() => res.end("late"), 300));
    const mirror = await startMirror({
      listen: { host: "127.0.0.1", port: 0 },
      primary: await listen(slow),
      capture: path.join(dir, "c.ndjson"),
    });
    const pending = Promise.all([1, 2, 3].map(async () => (await request(`${mirror.url}/slow`)).body.text()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stats = await mirror.stop();
    expect(await pending).toEqual(["late", "late", "late"]);
    expect(stats.recorded).toBe(3);
    expect(readFileSync(path.join(dir, "c.ndjson"), "utf8").trim().split("\n")).toHaveLength(3);
    await close(slow);
  });

  it("streams a large answer byte for byte, as it arrives, with the primary's status and headers", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sg-mirror-"));
    const payload = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < payload.length; i += 1) payload[i] = (i * 31) % 251;
    const primary = createServer((_req, res) => {
      res.writeHead(206, { "content-type": "application/octet-stream", "x-part": "1" });
      // In chunks, so the mirror forwards while the primary is still writing.
      let at = 0;
      const next = () => {
        if (at >= payload.length) return res.end();
        const chunk = payload.subarray(at, (at += 256 * 1024));
        if (res.write(chunk)) setImmediate(next);
        else res.once("drain", next);
      };
      next();
    });
    const mirror = await startMirror({
      listen: { host: "127.0.0.1", port: 0 },
      primary: await listen(primary),
      capture: path.join(dir, "c.ndjson"),
    });
    const answer = await request(`${mirror.url}/big`);
    expect([answer.statusCode, answer.headers["x-part"]]).toEqual([206, "1"]);
    expect(Buffer.from(await answer.body.arrayBuffer()).equals(payload)).toBe(true);
    const stats = await mirror.stop();
    expect(stats).toMatchObject({ requests: 1, recorded: 1, primaryErrors: 0 });
    await close(primary);
  });

  it("stops the primary request when the client goes away mid-answer; not a primary error", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sg-mirror-"));
    let primaryClosed!: () => void;
    const closedEarly = new Promise<void>((resolve) => (primaryClosed = resolve));
    const endless = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const timer = setInterval(() => res.write("tick\n"), 5);
      res.once("close", () => {
        clearInterval(timer);
        primaryClosed();
      });
    });
    const mirror = await startMirror({
      listen: { host: "127.0.0.1", port: 0 },
      primary: await listen(endless),
      capture: path.join(dir, "c.ndjson"),
    });
    const controller = new AbortController();
    const answer = await request(`${mirror.url}/stream`, { signal: controller.signal });
    for await (const _ of answer.body) {
      controller.abort();
      break;
    }
    await closedEarly; // the mirror aborted its own request to the primary
    const stats = await mirror.stop();
    expect(stats).toMatchObject({ requests: 1, recorded: 1, primaryErrors: 0 });
    await close(endless);
  });

  it("a client that leaves mid-body is recorded, not counted as a primary failure", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sg-mirror-"));
    let primaryHits = 0;
    const primary = createServer((_req, res) => {
      primaryHits += 1;
      res.end("ok");
    });
    const mirror = await startMirror({
      listen: { host: "127.0.0.1", port: 0 },
      primary: await listen(primary),
      capture: path.join(dir, "c.ndjson"),
    });
    const { port } = new URL(mirror.url);
    const socket = connect(Number(port), "127.0.0.1");
    await once(socket, "connect");
    socket.write("POST /upload HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\nonly-part");
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stats = await mirror.stop();
    expect(stats).toMatchObject({ requests: 1, recorded: 1, primaryErrors: 0 });
    expect(primaryHits).toBe(0);
    await close(primary);
  });
});
