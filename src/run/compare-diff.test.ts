import { describe, expect, it } from "vitest";
import type { Observation } from "../replay/types.ts";
import { bodyMessage, compareObservations } from "./compare-diff.ts";

const obs = (over: Partial<Observation>): Observation => ({
  exchangeId: crypto.randomUUID(),
  kind: "forged",
  method: "GET",
  path: "/artifacts/x",
  token: "forged",
  forgedCase: "alg-none",
  intendedAtMs: 0,
  sentAtMs: 0,
  latencyUs: 900,
  status: 401,
  bodyExcerpt: '{"message":"Unauthorized"}',
  responseHeaders: {
    "x-kong-request-id": "a1",
    "x-kong-response-latency": "0",
    "content-type": "application/json; charset=utf-8",
  },
  upstreamHit: false,
  activeFaults: [],
  faultTransition: false,
  ...over,
});

describe("differential comparison", () => {
  it("ignores request ids, latencies and exchange ids: the same decisions are no divergence", () => {
    const a = [
      obs({}),
      obs({
        kind: "replay",
        captureLine: 3,
        token: "minted",
        status: 200,
        upstreamHit: true,
        bodyExcerpt: "{}",
      }),
    ];
    const b = [
      obs({
        latencyUs: 5000,
        responseHeaders: {
          ...a[0]!.responseHeaders,
          "x-kong-request-id": "zz",
          "x-kong-response-latency": "3",
        },
      }),
      obs({
        kind: "replay",
        captureLine: 3,
        token: "minted",
        status: 200,
        upstreamHit: true,
        bodyExcerpt: '{"other":1}',
      }),
    ];
    expect(compareObservations(["embedded", "docker"], a, b)).toEqual({
      targets: ["embedded", "docker"],
      compared: 2,
      notCompared: 0,
      divergences: [],
    });
  });

  it("lists a different status, Kong message and WWW-Authenticate per exchange", () => {
    const a = [
      obs({
        responseHeaders: {
          "www-authenticate": 'Bearer realm="kong"',
          "content-type": "application/json; charset=utf-8",
        },
      }),
    ];
    const b = [obs({ status: 403, bodyExcerpt: '{"message":"Bad token; invalid alg"}' })];
    const { divergences } = compareObservations(["embedded", "docker"], a, b);
    expect(divergences.map((d) => [d.field, d.a, d.b])).toEqual([
      ["status", "401", "403"],
      ["message", "Unauthorized", "Bad token; invalid alg"],
      ["www-authenticate", 'Bearer realm="kong"', ""],
    ]);
    expect(divergences[0]).toMatchObject({
      exchange: "forged  alg-none GET /artifacts/x forged",
      kind: "forged",
    });
  });

  it("reports an upstream reached on one side only, and an exchange missing on one side", () => {
    const a = [obs({ status: 200, upstreamHit: true }), obs({ forgedCase: "expired" })];
    const b = [obs({ status: 200, upstreamHit: false })];
    const { divergences } = compareObservations(["a", "b"], a, b);
    expect(divergences.map((d) => [d.field, d.a, d.b])).toEqual([
      ["upstreamHit", "true", "false"],
      ["message", "", "Unauthorized"],
      ["content-type", "", "application/json; charset=utf-8"],
      ["missing", "sent", "(absent)"],
    ]);
  });

  it("leaves out exchanges sent while a fault was being applied or reverted", () => {
    const a = [obs({ faultTransition: true })];
    const b = [obs({ status: 503 })];
    expect(compareObservations(["a", "b"], a, b)).toMatchObject({
      compared: 0,
      notCompared: 1,
      divergences: [],
    });
  });

  it("pairs repeated identical exchanges by occurrence", () => {
    const a = [obs({ status: 200 }), obs({ status: 429 })];
    const b = [obs({ status: 200 }), obs({ status: 200 })];
    const { divergences } = compareObservations(["a", "b"], a, b);
    expect(divergences[0]).toMatchObject({
      exchange: "forged  alg-none GET /artifacts/x forged #2",
      field: "status",
    });
  });

  it("reads Kong's JSON message, and keeps other bodies as text", () => {
    expect(bodyMessage('{"message":"no Route matched with those values"}')).toBe(
      "no Route matched with those values",
    );
    expect(bodyMessage("<html>502 Bad Gateway</html>\n")).toBe("<html>502 Bad Gateway</html>");
  });
});
