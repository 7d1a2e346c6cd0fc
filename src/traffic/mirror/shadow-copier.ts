import { Agent, request } from "undici";
import type { Clock } from "../../clock.ts";
import { Fifo } from "../../replay/fifo.ts";
import { flatHeaders } from "./hop-by-hop.ts";

export interface ShadowRequest {
  readonly method: string;
  /** Path with query. */
  readonly url: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer | undefined;
}

export type ShadowResult =
  | { readonly status: number; readonly latencyMs: number; readonly headers: Record<string, string> }
  | { readonly status: 0; readonly latencyMs: number; readonly error: string }
  | { readonly dropped: true };

export interface ShadowCopierOptions {
  readonly origin: string;
  readonly clock: Clock;
  /** Copies in flight at once (default 64): a slow shadow queues copies, it never slows the primary. */
  readonly maxInFlight?: number;
  /** Copies waiting beyond this are dropped and counted (default 10 000): memory stays bounded. */
  readonly maxQueued?: number;
  readonly timeoutMs?: number;
}

export interface ShadowCopier {
  /** Never awaits the shadow: `done` is called later with what the shadow answered (or why not). */
  copy(req: ShadowRequest, done: (result: ShadowResult) => void): void;
  /** Waits for queued and in-flight copies (at most `timeoutMs`), then cancels the rest. */
  drain(timeoutMs: number): Promise<void>;
  stats(): { sent: number; failed: number; dropped: number };
}

interface Job {
  readonly req: ShadowRequest;
  readonly done: (result: ShadowResult) => void;
}

export function createShadowCopier(options: ShadowCopierOptions): ShadowCopier {
  const maxInFlight = options.maxInFlight ?? 64;
  const maxQueued = options.maxQueued ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const agent = new Agent({ connections: maxInFlight, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const queue = new Fifo<Job>();
  const cancel = new AbortController();
  let inFlight = 0;
  let sent = 0;
  let failed = 0;
  let dropped = 0;
  let idle: (() => void) | undefined;
  let pumpScheduled = false;

  const run = async (job: Job) => {
    const started = options.clock.monoNs();
    const elapsed = () => Number(options.clock.monoNs() - started) / 1e6;
    try {
      const res = await request(new URL(job.req.url, options.origin), {
        dispatcher: agent,
        method: job.req.method,
        headers: job.req.headers,
        ...(job.req.body ? { body: job.req.body } : {}),
        signal: cancel.signal,
      });
      await res.body.dump();
      sent += 1;
      job.done({ status: res.statusCode, latencyMs: elapsed(), headers: flatHeaders(res.headers) });
    } catch (error) {
      failed += 1;
      job.done({
        status: 0,
        latencyMs: elapsed(),
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  const pump = () => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const job = queue.shift()!;
      inFlight += 1;
      void run(job).finally(() => {
        inFlight -= 1;
        pump();
        if (inFlight === 0 && queue.length === 0) idle?.();
      });
    }
  };
  return {
    copy(req, done) {
      if (queue.length >= maxQueued) {
        dropped += 1;
        done({ dropped: true });
        return;
      }
      queue.push({ req, done });
      // Started on a later turn of the event loop: the caller's own (primary) request goes out first.
      if (!pumpScheduled) {
        pumpScheduled = true;
        setImmediate(() => {
          pumpScheduled = false;
          pump();
        });
      }
    },
    async drain(waitMs) {
      if (inFlight > 0 || queue.length > 0) {
        const timer = setTimeout(() => {
          for (let job = queue.shift(); job; job = queue.shift()) {
            dropped += 1;
            job.done({ dropped: true });
          }
          cancel.abort();
        }, waitMs);
        await new Promise<void>((resolve) => (idle = resolve));
        clearTimeout(timer);
      }
      await agent.close();
    },
    stats: () => ({ sent, failed, dropped }),
  };
}
