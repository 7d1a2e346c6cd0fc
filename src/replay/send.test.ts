import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../clock.ts";
import { redactSecrets } from "../redact.ts";
import { sendExchange } from "./send.ts";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
const BODIES: Record<string, (string | Buffer)[]> = {
  "/plain": ['{"ok":true}'],
  "/empty": [],
  "/long": ["é".repeat(400), "🙂".repeat(200)],
  "/bom": [Buffer.from([0xef, 0xbb, 0xbf]), "after the BOM"],
  "/secret": [`{"echo":"Bearer ${JWT}"}`],
  // A 3-byte character cut across chunks, and invalid bytes near the 300th character.
  "/split": [Buffer.from("a".repeat(298) + "€").subarray(0, 299), Buffer.from("€").subarray(1), "tail"],
  "/invalid": [
    Buffer.concat([
      Buffer.from("x".repeat(297)),
      Buffer.from([0xff, 0xc3, 0xe2, 0x82]),
      Buffer.from("y".repeat(900)),
    ]),
  ],
};

let server: Server;
let base: string;
const dispatcher = new Agent({ connections: 4 });

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const chunks = BODIES[req.url ?? ""] ?? ["missing"];
    res.writeHead(req.url === "/secret" ? 401 : 200, {
      "content-type": "text/plain; charset=utf-8",
      "www-authenticate": ['Bearer realm="a"', 'Bearer realm="b"'],
      "x-other": "dropped",
    });
    for (const chunk of chunks) res.write(chunk);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await dispatcher.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** What `request()` + `body.text()` made of the same answer (the sender's previous implementation). */
async function viaRequest(path: string) {
  const res = await request(new URL(path, base), { dispatcher, method: "GET" });
  const body = await res.body.text();
  const headers: Record<string, string> = {};
  for (const name of ["www-authenticate", "content-type"]) {
    const value = res.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { status: res.statusCode, bodyExcerpt: redactSecrets(body.slice(0, 300)), responseHeaders: headers };
}

describe("sendExchange", () => {
  it("keeps the status, explaining headers and body excerpt request() + body.text() gave", async () => {
    for (const path of Object.keys(BODIES)) {
      const outcome = await sendExchange(
        base,
        { exchangeId: "x1", method: "GET", path, headers: { accept: "text/plain" } },
        dispatcher,
        systemClock,
      );
      const { status, bodyExcerpt, responseHeaders } = outcome;
      expect({ status, bodyExcerpt, responseHeaders }, path).toEqual(await viaRequest(path));
      expect(outcome.error).toBeUndefined();
    }
  });

  it("redacts tokens echoed in a body", async () => {
    const outcome = await sendExchange(
      base,
      { exchangeId: "x2", method: "GET", path: "/secret", headers: {} },
      dispatcher,
      systemClock,
    );
    expect(outcome.status).toBe(401);
    expect(outcome.bodyExcerpt).not.toContain(JWT);
  });

  it("reports a failed exchange as status 0 with the error, never throws", async () => {
    const refused = await sendExchange(
      "http://127.0.0.1:1",
      { exchangeId: "x3", method: "GET", path: "/", headers: {} },
      dispatcher,
      systemClock,
    );
    expect(refused).toMatchObject({ status: 0, bodyExcerpt: "", responseHeaders: {} });
    expect(refused.error).toMatch(/ECONNREFUSED/);
    const connect = await sendExchange(
      base,
      { exchangeId: "x4", method: "CONNECT", path: "/", headers: {} },
      dispatcher,
      systemClock,
    );
    expect(connect).toMatchObject({ status: 0, error: "InvalidArgumentError: invalid method" });
  });
});
