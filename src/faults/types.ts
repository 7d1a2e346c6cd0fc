import type { FaultSpec } from "../scenario/schema.ts";

export type FaultPhase = "pending" | "applying" | "active" | "reverting" | "reverted" | "failed";

/** What result.json's `faults[]` holds for one fault: what was planned and what actually happened. */
export interface FaultRecord {
  readonly id: string;
  readonly type: FaultSpec["type"];
  readonly target: string;
  readonly description: string;
  readonly plannedAtMs: number;
  readonly plannedForMs: number;
  readonly appliedAtMs?: number;
  readonly revertedAtMs?: number;
  readonly phase: FaultPhase;
  readonly error?: string;
}

/** Which faults are in force right now, as the replayer tags each exchange. */
export interface FaultSnapshot {
  readonly active: readonly string[];
  /** A fault is being applied or reverted: the gateway's state is uncertain for this exchange. */
  readonly inTransition: boolean;
}
