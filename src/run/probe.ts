import type { FaultSnapshot } from "../faults/types.ts";
import type { Observation } from "../replay/types.ts";
import { probeExchangeId } from "../verdict/fault-checks.ts";
import type { RunContext } from "./context.ts";
import { sendObserved } from "./observe.ts";

/** One authenticated GET on a faulted route, to observe the fault (during) and the recovery (after). */
export function sendProbe(
  ctx: RunContext,
  faultId: string,
  when: "during" | "after",
  path: string,
  faults: FaultSnapshot,
): Promise<Observation> {
  const token = ctx.tokens.tokenFor(ctx.sampleJob);
  return sendObserved(ctx, {
    exchangeId: probeExchangeId(faultId, when),
    kind: "probe",
    method: "GET",
    path,
    headers: { authorization: `Bearer ${token}` },
    token: "minted",
    faults,
  });
}
