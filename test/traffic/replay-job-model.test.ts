import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/clock.ts";
import { createIssuer } from "../../src/identity/index.ts";
import { createJobTokens, type TokenRefresh } from "../../src/replay/job-tokens.ts";
import { replayCapture } from "../../src/replay/replay.ts";
import type { ScheduledRequest } from "../../src/replay/schedule.ts";
import type { Observation } from "../../src/replay/types.ts";
import type { CaptureRecord } from "../../src/traffic/capture-schema.ts";

/**
 * The replayer's job model against a real server on loopback: a gateway that refuses the first token each
 * job presents (as Kong refuses an expired one), so the refresh policies show exactly what a live job does.
 */
const refused = new Set<string>();
const seenBy = new Map<string, string[]>();
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const job = String(req.headers["x-job"]);
    const auth = String(req.headers.authorization ?? "");
    const seen = seenBy.get(job) ?? [];
    seenBy.set(job, [...seen, auth]);
    if (seen.length === 0) refused.add(auth);
    res.writeHead(refused.has(auth) ? 401 : 200, { "content-type": "application/json" });
    res.end(refused.has(auth) ? '{"message":"token expired"}' : '{"ok":true}');
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function jobRecords(job: string, count: number): ScheduledRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const record = {
      v: 1,
      at: "2026-11-20T09:30:00.000Z",
      method: "GET",
      path: `/artifacts/${job}/${i}`,
      query: "",
      headers: { "x-job": job },
      job: { organization: "acme", pipeline: "payments-api", build: 1, job, step: null, branch: "main" },
      source: "test",
    } as unknown as CaptureRecord;
    return { entry: { line: i + 1, record }, intendedAtMs: 0, lane: job };
  });
}

async function replay(refresh: TokenRefresh, job: string): Promise<Observation[]> {
  const observations: Observation[] = [];
  const dispatcher = new Agent({ connections: 2 });
  const tokens = createJobTokens(
    createIssuer(),
    { audience: undefined, lifetimeSec: 600, refresh },
    systemClock,
  );
  let id = 0;
  // Batches of one, as the streaming schedule can deliver them.
  const schedule = (async function* () {
    for (const item of jobRecords(job, 3)) yield await Promise.resolve([item]);
  })();
  await replayCapture(
    schedule,
    { pacing: { mode: "max", lanes: 2 } },
    {
      proxyUrl: origin,
      dispatcher,
      clock: systemClock,
      tokens,
      elapsedMs: () => 0,
      faults: () => ({ active: [], inTransition: false }),
      newExchangeId: () => String((id += 1)),
      signal: new AbortController().signal,
    },
    (o) => observations.push(o),
  );
  await dispatcher.close();
  return observations;
}

describe("replay job model: tokens minted at job start and refreshed by policy", () => {
  it("on-401: a refused token is refreshed and the request retried once; the job goes on with the new one", async () => {
    const observations = await replay("on-401", "job-on-401");
    expect(observations.map((o) => [o.status, o.tokenRefreshed ?? false])).toEqual([
      [200, true],
      [200, false],
      [200, false],
    ]);
    const tokens = seenBy.get("job-on-401")!;
    expect(tokens).toHaveLength(4); // the refused first try, its retry, then two requests
    expect(new Set(tokens.slice(1)).size).toBe(1);
    expect(tokens[1]).not.toBe(tokens[0]);
  });

  it("never: the job keeps its one token and fails as a live job would", async () => {
    const observations = await replay("never", "job-never");
    expect(observations.map((o) => o.status)).toEqual([401, 401, 401]);
    expect(observations[0]?.bodyExcerpt).toBe('{"message":"token expired"}');
    expect(new Set(seenBy.get("job-never")).size).toBe(1);
  });
});
