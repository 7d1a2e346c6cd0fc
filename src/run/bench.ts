import { runLoad } from "../bench/index.ts";
import type { BenchSeries } from "../bench/types.ts";
import type { ForgedRequestParts } from "../identity/index.ts";
import { toBuildkiteJob } from "../replay/job-tokens.ts";
import type { BenchSpec } from "../scenario/schema.ts";
import type { RunContext } from "./context.ts";

/** Longest token Buildkite issues (buildkite.md §1.3): a bench token may not outlive it. */
const MAX_LIFETIME_SEC = 7200;

/**
 * Three series measured back to back in one run, same gateway, same upstream: the unauthenticated twin
 * route (baseline), the jwt route with a valid token, and the jwt route with a forged token (the cost of
 * a rejection). Their difference is what authentication adds.
 */
export async function runBench(
  ctx: RunContext,
  spec: BenchSpec,
  forged: ForgedRequestParts | undefined,
  lifetimeSec: number,
): Promise<BenchSeries[]> {
  const durationSec = spec.duration / 1000;
  const warmupSec = spec.warmup / 1000;
  const neededSec = Math.ceil(durationSec + warmupSec + 30);
  const token = ctx.issuer.mint({
    job: toBuildkiteJob(ctx.sampleJob),
    lifetimeSec: Math.min(MAX_LIFETIME_SEC, Math.max(lifetimeSec, neededSec)),
    issuedAtSec: Math.floor(ctx.clock.nowMs() / 1000),
    ...(ctx.audience === undefined ? {} : { audience: ctx.audience }),
  });
  const plan = [
    { series: "baseline" as const, path: spec.baseline, headers: {} },
    { series: "valid" as const, path: spec.route, headers: { authorization: `Bearer ${token}` } },
    ...(forged ? [{ series: "forged" as const, path: spec.route, headers: forged.headers }] : []),
  ];
  const results: BenchSeries[] = [];
  for (const item of plan) {
    if (ctx.signal.aborted) break;
    ctx.logger.info(
      `bench: ${item.series} ${spec.method} ${item.path} for ${durationSec}s, ${spec.connections} connections`,
    );
    results.push(
      await runLoad({
        url: ctx.target.proxyUrl,
        path: item.path,
        method: spec.method,
        headers: item.headers,
        route: item.path,
        series: item.series,
        durationSec,
        warmupSec,
        connections: spec.connections,
        signal: ctx.signal,
      }),
    );
  }
  return results;
}
