import { randomUUID } from "node:crypto";
import type { Observation } from "../replay/types.ts";
import type { AccessSpec } from "../scenario/schema.ts";
import { accessExchangeId } from "../verdict/access-matrix.ts";
import type { RunContext } from "./context.ts";
import { sendObserved } from "./observe.ts";

/**
 * Sends every route × caller pair once, each with a token minted for that pipeline and branch by the
 * trusted issuer: a correct config lets exactly the allowed pairs through.
 */
export async function sendAccessMatrix(ctx: RunContext, spec: AccessSpec): Promise<Observation[]> {
  const observations: Observation[] = [];
  for (const route of spec.routes) {
    for (const caller of spec.callers) {
      if (ctx.signal.aborted) return observations;
      const token = ctx.issuer.mint({
        job: {
          organization: ctx.sampleJob.organization,
          pipeline: caller.pipeline,
          buildNumber: 1,
          jobId: randomUUID(),
          stepKey: null,
          branch: caller.branch,
          tag: null,
          commit: ctx.sampleJob.commit,
        },
        issuedAtSec: Math.floor(ctx.clock.nowMs() / 1000),
        ...(ctx.audience === undefined ? {} : { audience: ctx.audience }),
      });
      const exchangeId = accessExchangeId(route.route, caller.pipeline, caller.branch);
      observations.push(
        await sendObserved(ctx, {
          exchangeId,
          kind: "access",
          method: route.request.method,
          path: route.request.path,
          headers: { authorization: `Bearer ${token}` },
          token: "minted",
          pipeline: caller.pipeline,
        }),
      );
    }
  }
  return observations;
}
