import type { FaultSnapshot } from "../faults/types.ts";
import { sendExchange } from "../replay/send.ts";
import type { ExchangeKind, Observation } from "../replay/types.ts";
import type { RunContext } from "./context.ts";

/** What sending one harness-made exchange needs from a run (forged cases also run without a full run). */
export type SendContext = Pick<RunContext, "dispatcher" | "clock" | "elapsedMs"> & {
  readonly target: Pick<RunContext["target"], "proxyUrl">;
};

export interface ObservedRequest {
  readonly exchangeId: string;
  readonly kind: ExchangeKind;
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly token: Observation["token"];
  /** Path as reported, when what was sent must not be (a query-borne forged token). */
  readonly reportedPath?: string;
  /** Faults in force when it was sent; none by default. */
  readonly faults?: FaultSnapshot;
  readonly forgedCase?: string;
  readonly pipeline?: string;
}

/**
 * Sends one exchange the harness made (probe, access cell, forged case, rotation probe) and returns its
 * observation. `upstreamHit` is filled in later from the mock upstream's record (context.ts).
 */
export async function sendObserved(ctx: SendContext, request: ObservedRequest): Promise<Observation> {
  const sentAtMs = Math.round(ctx.elapsedMs());
  const outcome = await sendExchange(
    ctx.target.proxyUrl,
    { exchangeId: request.exchangeId, method: request.method, path: request.path, headers: request.headers },
    ctx.dispatcher,
    ctx.clock,
  );
  return {
    exchangeId: request.exchangeId,
    kind: request.kind,
    method: request.method,
    path: request.reportedPath ?? request.path,
    token: request.token,
    ...(request.forgedCase === undefined ? {} : { forgedCase: request.forgedCase }),
    ...(request.pipeline === undefined ? {} : { pipeline: request.pipeline }),
    intendedAtMs: sentAtMs,
    sentAtMs,
    ...outcome,
    upstreamHit: false,
    activeFaults: request.faults?.active ?? [],
    faultTransition: request.faults?.inTransition ?? false,
  };
}
