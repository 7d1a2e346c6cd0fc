import type { Observation } from "../replay/types.ts";
import type { CheckResult } from "./types.ts";

export interface ForgedExpectation {
  readonly id: string;
  readonly description: string;
  readonly statuses: readonly number[];
}

/** A forged token passes when the gateway refused it with an expected status and the upstream never saw it. */
export function forgedChecks(
  observations: readonly Observation[],
  cases: readonly ForgedExpectation[],
): CheckResult[] {
  return cases.map((forged) => {
    const obs = observations.find((o) => o.kind === "forged" && o.forgedCase === forged.id);
    const id = `forged.${forged.id}`;
    if (!obs) return { id, status: "skip", summary: `${forged.description}: not sent (run cut short)` };
    const refused = forged.statuses.includes(obs.status);
    const ok = refused && !obs.upstreamHit;
    const evidence = [
      `status ${obs.status === 0 ? `none (${obs.error ?? "error"})` : obs.status} (expected ${forged.statuses.join(" or ")})`,
      `upstream ${obs.upstreamHit ? "SAW the request" : "never saw the request"}`,
      `body ${JSON.stringify(obs.bodyExcerpt.slice(0, 160))}`,
    ];
    const verdict = ok
      ? `rejected with ${obs.status}`
      : obs.upstreamHit
        ? `ACCEPTED: the gateway forwarded it upstream (status ${obs.status})`
        : `not rejected as expected (status ${obs.status})`;
    return {
      id,
      status: ok ? "pass" : "fail",
      summary: `${forged.description.replace(/\.$/, "")}: ${verdict}`,
      evidence,
    };
  });
}
