import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { systemClock, type Clock } from "../../clock.ts";
import { ShadowgateError } from "../../errors.ts";
import type { CaptureRecord } from "../capture-schema.ts";
import { createDiffTally, type DiffSummary } from "../diff-tally.ts";
import type { IdentityMap } from "../identity-map.ts";
import { createNdjsonWriter, type NdjsonWriter } from "../ndjson-writer.ts";
import { EMPTY_IDENTITY_MAP } from "../identity-map.ts";
import { buildCaptureRecord, splitUri, type RawExchange, type RecordOptions } from "../record-builder.ts";
import { endToEndHeaders, flatHeaders } from "./hop-by-hop.ts";
import {
  createShadowCopier,
  type ShadowCopier,
  type ShadowRequest,
  type ShadowResult,
} from "./shadow-copier.ts";
import { diffLine } from "./diff-line.ts";
import { forwardToPrimary } from "./forward-primary.ts";

/** What `shadowgate mirror` takes. */
export interface MirrorOptions {
  readonly listen: { readonly host: string; readonly port: number };
  /** Origin of the primary (production path), e.g. http://127.0.0.1:8000. */
  readonly primary: string;
  /** Origin of the shadow (the gateway under test); omit to only capture. */
  readonly shadow?: string | undefined;
  readonly capture: string;
  readonly diff?: string | undefined;
  readonly identity?: IdentityMap;
  readonly credentialHeaders?: readonly string[];
  readonly maxBodyBytes?: number;
  /** More response headers to ignore in the diff (Date, X-Kong-Request-Id, … are always ignored). */
  readonly ignoreHeaders?: readonly string[];
  readonly shadowTimeoutMs?: number;
  readonly clock?: Clock;
}

export interface MirrorStats {
  readonly requests: number;
  readonly recorded: number;
  /** Requests no valid record could be built for (should stay 0; counted so a loss is visible). */
  readonly unrecorded: number;
  /** Requests the primary did not answer (the client got 502 from the mirror). */
  readonly primaryErrors: number;
  readonly shadow?: { readonly sent: number; readonly failed: number; readonly dropped: number };
  readonly diff?: DiffSummary;
}

export interface Mirror {
  readonly url: string;
  stats(): MirrorStats;
  /** Stops accepting, lets in-flight requests finish, drains shadow copies, flushes and closes files. */
  stop(drainMs?: number): Promise<MirrorStats>;
}

/**
 * A tee proxy. Each request goes to the primary and the primary's answer goes back unchanged (status,
 * end-to-end headers, streamed body); once it has, a copy goes to the shadow through a bounded queue
 * that is never awaited, so a slow, failing or absent shadow cannot delay or fail the primary path. One
 * capture record per request is written when its exchange ends; with a shadow, one diff line once both
 * answers are known.
 *
 * Built on node:http + undici rather than mockttp: mockttp 4.6.3's start() listens on every interface
 * (`server.listen(port)`), and the mirror must bind exactly `--listen HOST:PORT`.
 */
export async function startMirror(options: MirrorOptions): Promise<Mirror> {
  const clock = options.clock ?? systemClock;
  const primary = new Agent({ connections: 256, keepAliveTimeout: 10_000 });
  const captureWriter = createNdjsonWriter(options.capture);
  const diffWriter: NdjsonWriter | undefined =
    options.shadow && options.diff ? createNdjsonWriter(options.diff) : undefined;
  const copier: ShadowCopier | undefined = options.shadow
    ? createShadowCopier({
        origin: options.shadow,
        clock,
        ...(options.shadowTimeoutMs ? { timeoutMs: options.shadowTimeoutMs } : {}),
      })
    : undefined;
  const tally = createDiffTally();
  const pendingWrites = new Set<Promise<void>>();
  let requests = 0;
  let primaryErrors = 0;
  let unrecorded = 0;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const track = (write: Promise<void>) => {
    pendingWrites.add(write);
    void write.finally(() => pendingWrites.delete(write));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    inFlight += 1;
    const atMs = clock.nowMs();
    const started = clock.monoNs();
    let body: Buffer | undefined;
    let primaryStatus: number | undefined;
    let shadowResult: ShadowResult | undefined;
    let record: CaptureRecord | undefined;
    /** What goes to the shadow, once the request body is read. */
    let copy: ShadowRequest | undefined = undefined;
    const maybeDiff = () => {
      if (!record || primaryStatus === undefined || !shadowResult || "dropped" in shadowResult) return;
      const line = diffLine(
        record,
        { status: primaryStatus, headers: primaryHeaders },
        shadowResult,
        options.ignoreHeaders,
      );
      tally.add({
        path: record.path,
        pipeline: record.job?.pipeline,
        class: line.class,
        sample: () => line.sample,
      });
      if (diffWriter) track(diffWriter.write(line.value));
    };
    let primaryHeaders: Record<string, string> = {};
    res.once("close", () => {
      const latencyMs = Number(clock.monoNs() - started) / 1e6;
      const { path, query } = splitUri(req.url ?? "/");
      record = recordOf(
        {
          at: new Date(atMs).toISOString(),
          method: req.method ?? "GET",
          path,
          query,
          headers: flatHeaders(req.headers),
          body,
          response:
            primaryStatus === undefined
              ? undefined
              : { status: primaryStatus, latencyMs: Math.round(latencyMs * 1000) / 1000 },
          source: "mirror",
        },
        options,
      );
      if (record) track(captureWriter.write(record));
      else unrecorded += 1;
      if (copy !== undefined)
        copier?.copy(copy, (result) => {
          shadowResult = result;
          maybeDiff();
        });
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
    const answerWith502 = (error: Error, answered: boolean) => {
      if (answered || res.headersSent) {
        res.destroy();
        return;
      }
      primaryErrors += 1;
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `shadowgate mirror: primary did not answer: ${error.message}` }));
    };
    try {
      body = await readBody(req);
    } catch (error) {
      // A client that went away mid-body is not a primary failure: there is no one to answer.
      if (!req.destroyed) answerWith502(error instanceof Error ? error : new Error(String(error)), false);
      return;
    }
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const headers = endToEndHeaders(req.headers, true);
    // The shadow copy is queued only once the primary's answer has gone back to the client (the `close`
    // handler above), and the copier starts it on a later turn: even on a shared host the shadow's work
    // never competes with the exchange it copies.
    const request = { method, url, headers, body };
    copy = request;
    forwardToPrimary(primary, options.primary, request, res, {
      onHead(status, answerHeaders) {
        primaryStatus = status;
        primaryHeaders = flatHeaders(answerHeaders);
      },
      onError: answerWith502,
    });
  };

  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (cause) =>
      reject(
        new ShadowgateError(
          "SG_USAGE",
          `mirror cannot listen on ${options.listen.host}:${options.listen.port}: ${cause.message}`,
          { cause },
        ),
      ),
    );
    server.listen(options.listen.port, options.listen.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  const stats = (): MirrorStats => ({
    requests,
    recorded: captureWriter.count(),
    unrecorded,
    primaryErrors,
    ...(copier ? { shadow: copier.stats(), diff: tally.summary() } : {}),
  });
  let stopping: Promise<MirrorStats> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    stats,
    stop(drainMs = 10_000) {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          const timer = setTimeout(() => server.closeAllConnections(), drainMs);
          await new Promise<void>((resolve) => (drained = resolve));
          clearTimeout(timer);
        }
        // Keep-alive connections that just finished their last request would hold close() open.
        server.closeIdleConnections();
        await closed;
        await copier?.drain(drainMs);
        await Promise.all(pendingWrites);
        await captureWriter.close();
        await diffWriter?.close();
        await primary.close();
        return stats();
      })();
      return stopping;
    },
  };
}

const NO_BODY = Buffer.alloc(0);

/**
 * The request body, whole (it is recorded and copied to the shadow). An HTTP/1.1 request with neither
 * Content-Length nor Transfer-Encoding has none (RFC 9112 §6.3): it is forwarded at once, without waiting
 * for the stream to report an end.
 */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) {
    req.resume();
    return NO_BODY;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The request's record; when the identity map cannot resolve its job it is kept without one. */
function recordOf(raw: RawExchange, options: RecordOptions): CaptureRecord | undefined {
  const built = buildCaptureRecord(raw, options);
  if (built.problem === undefined) return built.record;
  const anonymous = buildCaptureRecord(raw, { ...options, identity: EMPTY_IDENTITY_MAP });
  return anonymous.problem === undefined ? anonymous.record : undefined;
}
