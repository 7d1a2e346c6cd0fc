import { ShadowgateError } from "../errors.ts";
import { FORGED_CASES, findForgedCase, type ForgeContext, type ForgedCase } from "../identity/index.ts";
import { toBuildkiteJob } from "../replay/job-tokens.ts";
import { sendExchange } from "../replay/send.ts";
import type { Observation } from "../replay/types.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { RunContext } from "./context.ts";

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

/** Sends each forged token once with the scenario's request; one observation per case. */
export async function sendForged(
  ctx: RunContext,
  cases: readonly ForgedCase[],
  request: { method: string; path: string },
  forge: ForgeContext,
): Promise<Observation[]> {
  const observations: Observation[] = [];
  for (const forgedCase of cases) {
    if (ctx.signal.aborted) break;
    const parts = forgedCase.build(forge);
    const query = parts.query
      ? `${request.path.includes("?") ? "&" : "?"}${new URLSearchParams(parts.query).toString()}`
      : "";
    const path = `${request.path}${query}`;
    const exchangeId = `forged:${forgedCase.id}`;
    const sentAtMs = ctx.elapsedMs();
    const outcome = await sendExchange(
      ctx.target.proxyUrl,
      { exchangeId, method: request.method, path, headers: parts.headers },
      ctx.dispatcher,
      ctx.clock,
    );
    observations.push({
      exchangeId,
      kind: "forged",
      method: request.method,
      // The path is reported without the query: a query-borne forged token must not reach the report.
      path: request.path,
      token: "forged",
      forgedCase: forgedCase.id,
      intendedAtMs: Math.round(sentAtMs),
      sentAtMs: Math.round(sentAtMs),
      ...outcome,
      upstreamHit: false,
      activeFaults: [],
      faultTransition: false,
    });
  }
  return observations;
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
