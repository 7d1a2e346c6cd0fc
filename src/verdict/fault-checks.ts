import type { FaultRecord } from "../faults/types.ts";
import type { Observation } from "../replay/types.ts";
import type { CheckResult } from "./types.ts";

/** Probe exchanges are named after their fault, so checks find them without guessing. */
export function probeExchangeId(faultId: string, when: string): string {
  return `probe:${faultId}:${when}`;
}

/**
 * Each fault is checked twice: while in force the route answers with the fault's status and nothing reaches
 * the upstream; after it is reverted the route serves again (the gateway recovered from the config change).
 */
export function faultChecks(
  records: readonly FaultRecord[],
  observations: readonly Observation[],
  expectedStatus: (faultId: string) => number,
  /** Replayed requests each fault stopped (replay-tally.ts); counted from `observations` when absent. */
  replayBlocked?: Readonly<Record<string, number>>,
): CheckResult[] {
  return records.flatMap((fault): CheckResult[] => {
    const probe = (when: string) =>
      observations.find((o) => o.exchangeId === probeExchangeId(fault.id, when));
    const during = probe("during");
    const after = probe("after");
    const blocked =
      replayBlocked?.[fault.id] ??
      observations.filter((o) => o.kind === "replay" && o.activeFaults.includes(fault.id) && !o.upstreamHit)
        .length;
    const status = expectedStatus(fault.id);
    const base = `fault.${fault.id}`;
    if (fault.phase === "pending" || fault.appliedAtMs === undefined)
      return [
        {
          id: `${base}.applied`,
          status: fault.error ? "fail" : "skip",
          summary: fault.error ? `could not apply: ${fault.error}` : "not reached (run ended first)",
        },
      ];
    const appliedOk = during !== undefined && during.status === status && !during.upstreamHit;
    const recoveredOk = after !== undefined && after.upstreamHit && after.status > 0 && after.status < 400;
    return [
      {
        id: `${base}.applied`,
        status: appliedOk ? "pass" : "fail",
        summary: appliedOk
          ? `${fault.description}: probe got ${status} and never reached the upstream; ${blocked} replayed requests blocked`
          : `${fault.description}: the route was not blocked (probe status ${during?.status ?? "none"}, upstream ${during?.upstreamHit ? "hit" : "not hit"})`,
        evidence: [`applied at ${fault.appliedAtMs} ms (planned ${fault.plannedAtMs} ms)`],
      },
      {
        id: `${base}.recovered`,
        status: recoveredOk ? "pass" : fault.revertedAtMs === undefined ? "skip" : "fail",
        summary: recoveredOk
          ? `after the original config was restored the route served again (status ${after.status})`
          : `after revert the route did not recover (status ${after?.status ?? "no probe"}${after?.error ? `, ${after.error}` : ""})`,
        evidence: [
          `reverted at ${fault.revertedAtMs ?? "never"} ms${fault.error ? `; error: ${fault.error}` : ""}`,
        ],
      },
    ];
  });
}
