import { getLocal, type CompletedRequest, type Mockttp } from "mockttp";
import { ShadowgateError } from "../errors.ts";
import { withLoopbackListen } from "./loopback.ts";

/** The header the harness tags each exchange with, so an upstream hit can be attributed exactly. */
export const EXCHANGE_HEADER = "x-shadowgate-exchange";

/** What the mock upstream saw of one forwarded request: the proof that a request got through. */
export interface UpstreamHit {
  readonly exchangeId: string;
  readonly origin: string;
  readonly method: string;
  readonly path: string;
  /** Headers Kong sets upstream that matter to a shadow test (consumer identity, request id). */
  readonly headers: Readonly<Record<string, string>>;
  readonly atMs: number;
}

const KEPT_HEADERS = [
  "x-consumer-id",
  "x-consumer-username",
  "x-consumer-custom-id",
  "x-credential-identifier",
  "x-anonymous-consumer",
  "x-kong-request-id",
  "x-forwarded-prefix",
  "host",
];

export interface MockUpstream extends AsyncDisposable {
  /** The production origin it stands in for, e.g. http://artifacts.acme.internal:8080. */
  readonly origin: string;
  readonly url: string;
  hits(): readonly UpstreamHit[];
  hitFor(exchangeId: string): UpstreamHit | undefined;
  /** Like hitFor, and forgets it: replayed traffic asks once, so memory stays flat on huge captures. */
  takeHit(exchangeId: string): UpstreamHit | undefined;
  /** Requests without an exchange tag (load from the bench) are counted, not stored. */
  untaggedCount(): number;
  stop(): Promise<void>;
}

/**
 * One mockttp server per upstream origin. It answers 200 with a small JSON body (so a bench measures the
 * gateway, not the mock) and records each tagged request it receives.
 */
export async function startMockUpstream(origin: string, nowMs: () => number): Promise<MockUpstream> {
  const server: Mockttp = getLocal({ recordTraffic: false });
  const hits = new Map<string, UpstreamHit>();
  let untagged = 0;
  try {
    await withLoopbackListen(() => server.start({ startPort: 20000, endPort: 60000 }));
    await server.forAnyRequest().thenCallback((req: CompletedRequest) => {
      const exchangeId = headerValue(req.headers[EXCHANGE_HEADER]);
      if (exchangeId === undefined) untagged += 1;
      else hits.set(exchangeId, toHit(req, origin, exchangeId, nowMs()));
      return { statusCode: 200, json: { ok: true, upstream: origin, path: req.path } };
    });
  } catch (cause) {
    await server.stop().catch(() => undefined);
    throw new ShadowgateError("SG_UPSTREAM_START_FAILED", `mock for ${origin}: ${String(cause)}`, { cause });
  }
  const stop = () => server.stop();
  return {
    origin,
    url: server.url.replace("localhost", "127.0.0.1"),
    hits: () => [...hits.values()],
    hitFor: (exchangeId) => hits.get(exchangeId),
    takeHit: (exchangeId) => {
      const hit = hits.get(exchangeId);
      hits.delete(exchangeId);
      return hit;
    },
    untaggedCount: () => untagged,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function toHit(req: CompletedRequest, origin: string, exchangeId: string, atMs: number): UpstreamHit {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headerValue(req.headers[name]);
    if (value !== undefined) headers[name] = value;
  }
  return { exchangeId, origin, method: req.method, path: req.path, headers, atMs };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
