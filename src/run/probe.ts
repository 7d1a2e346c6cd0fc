import type { FaultSnapshot } from "../faults/types.ts";
import { sendExchange } from "../replay/send.ts";
import type { Observation } from "../replay/types.ts";
import { probeExchangeId } from "../verdict/fault-checks.ts";
import type { RunContext } from "./context.ts";

/** One authenticated GET on a faulted route, to observe the fault (during) and the recovery (after). */
export async function sendProbe(
  ctx: RunContext,
  faultId: string,
  when: "during" | "after",
  path: string,
  faults: FaultSnapshot,
): Promise<Observation> {
  const exchangeId = probeExchangeId(faultId, when);
  const sentAtMs = ctx.elapsedMs();
  const token = ctx.tokens.tokenFor(ctx.sampleJob);
  const outcome = await sendExchange(
    ctx.target.proxyUrl,
    { exchangeId, method: "GET", path, headers: { authorization: `Bearer ${token}` } },
    ctx.dispatcher,
    ctx.clock,
  );
  return {
    exchangeId,
    kind: "probe",
    method: "GET",
    path,
    token: "minted",
    intendedAtMs: Math.round(sentAtMs),
    sentAtMs: Math.round(sentAtMs),
    ...outcome,
    upstreamHit: false,
    activeFaults: faults.active,
    faultTransition: faults.inTransition,
  };
}
