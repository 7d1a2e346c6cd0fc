import { ShadowgateError } from "../errors.ts";
import {
  FORGED_CASES,
  findForgedCase,
  type ForgeContext,
  type ForgedCase,
  type JwksFetch,
} from "../identity/index.ts";
import { toBuildkiteJob } from "../replay/job-tokens.ts";

import { sleep } from "../replay/sleep.ts";
import type { Observation } from "../replay/types.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { RunContext } from "./context.ts";
import { sendObserved, type SendContext } from "./observe.ts";

/** The forged cases a scenario asks for, in catalogue order; unknown ids are an input error. */
export function selectForgedCases(forged: Scenario["forged"]): ForgedCase[] {
  if (!forged) return [];
  if (forged.cases === "all") return [...FORGED_CASES];
  return forged.cases.map((id) => {
    const found = findForgedCase(id);
    if (!found)
      throw new ShadowgateError(
        "SG_SCENARIO_INVALID",
        `forged.cases: unknown case "${id}" (see shadowgate forge --list)`,
      );
    return found;
  });
}

/** What the forged stage observed: one observation per case, and what the attacker's server saw. */
export interface ForgedStageResult {
  readonly observations: Observation[];
  /** Case id → requests the attacker's server received while that case was in flight ("GET url → 404"). */
  readonly attackerFetches: ReadonlyMap<string, readonly string[]>;
}

/** Anything that records the requests it receives (an attacker JwksServer). */
export interface FetchRecorder {
  readonly origin: string;
  fetches(): readonly JwksFetch[];
}

/** What sending forged cases needs of a run: the gateway's proxy URL, connections and clock. */
export type ForgedSendContext = SendContext & Pick<RunContext, "signal">;

/** How long to keep listening after a case for a gateway that fetches in the background. */
const FETCH_SETTLE_MS = 20;

/** Sends each forged token once with the scenario's request; one observation per case. */
export async function sendForged(
  ctx: ForgedSendContext,
  cases: readonly ForgedCase[],
  request: { method: string; path: string },
  forge: ForgeContext,
): Promise<Observation[]> {
  return (await runForgedStage(ctx, cases, request, forge)).observations;
}

/**
 * Sends each case in turn and, when an attacker server runs, attributes every request it receives to the
 * case in flight: a gateway that fetches a URL named by a token fails that case even if it answered 401.
 */
export async function runForgedStage(
  ctx: ForgedSendContext,
  cases: readonly ForgedCase[],
  request: { method: string; path: string },
  forge: ForgeContext,
  attacker?: FetchRecorder,
): Promise<ForgedStageResult> {
  const observations: Observation[] = [];
  const attackerFetches = new Map<string, string[]>();
  for (const forgedCase of cases) {
    if (ctx.signal.aborted) break;
    const seenBefore = attacker?.fetches().length ?? 0;
    observations.push(await sendOne(ctx, forgedCase, request, forge));
    if (!attacker) continue;
    if (forgedCase.requiresAttackerServer) await sleep(FETCH_SETTLE_MS, ctx.signal);
    const fetched = attacker
      .fetches()
      .slice(seenBefore)
      .map((f) => `${f.method} ${attacker.origin}${f.path} → ${f.status}`);
    if (fetched.length > 0) attackerFetches.set(forgedCase.id, fetched);
  }
  return { observations, attackerFetches };
}

async function sendOne(
  ctx: ForgedSendContext,
  forgedCase: ForgedCase,
  request: { method: string; path: string },
  forge: ForgeContext,
): Promise<Observation> {
  const parts = forgedCase.build(forge);
  const query = parts.query
    ? `${request.path.includes("?") ? "&" : "?"}${new URLSearchParams(parts.query).toString()}`
    : "";
  return sendObserved(ctx, {
    exchangeId: `forged:${forgedCase.id}`,
    kind: "forged",
    method: request.method,
    path: `${request.path}${query}`,
    // Reported without the query: a query-borne forged token must not reach the report.
    reportedPath: request.path,
    headers: parts.headers,
    token: "forged",
    forgedCase: forgedCase.id,
  });
}

export function forgeContextFor(
  ctx: RunContext,
  untrusted: ForgeContext["untrusted"],
  attackerJwksUrl?: string,
): ForgeContext {
  return {
    trusted: ctx.issuer,
    untrusted,
    job: toBuildkiteJob(ctx.sampleJob),
    audience: ctx.audience ?? `https://buildkite.com/${ctx.sampleJob.organization}`,
    nowSec: Math.floor(ctx.clock.nowMs() / 1000),
    ...(attackerJwksUrl === undefined ? {} : { attackerJwksUrl }),
  };
}
