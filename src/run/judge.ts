import type { BenchSeries } from "../bench/types.ts";
import { faultId } from "../faults/definitions.ts";
import type { FaultRecord } from "../faults/types.ts";
import type { ForgedCase } from "../identity/index.ts";
import type { Observation } from "../replay/types.ts";
import type { Scenario } from "../scenario/schema.ts";
import { accessChecks, type AccessCell } from "../verdict/access-matrix.ts";
import { faultChecks } from "../verdict/fault-checks.ts";
import { forgedChecks, forgedExpectations } from "../verdict/forged-checks.ts";
import { replayChecks } from "../verdict/replay-checks.ts";
import type { ReplaySummary } from "../verdict/replay-tally.ts";
import { rotationChecks, type RotationRecord } from "../verdict/rotation-checks.ts";
import { benchStatusChecks, thresholdChecks } from "../verdict/thresholds.ts";
import type { CheckResult } from "../verdict/types.ts";

export interface JudgeInputs {
  readonly scenario: Scenario;
  /** Exchanges other than replayed ones (probes, forged, access); replay is summarised in `replay`. */
  readonly observations: readonly Observation[];
  readonly replay: ReplaySummary;
  readonly faults: readonly FaultRecord[];
  readonly bench: readonly BenchSeries[];
  readonly forgedCases: readonly ForgedCase[];
  readonly access: readonly AccessCell[] | undefined;
  /** Case id → what the attacker's server received while that case was in flight. */
  readonly attackerFetches?: ReadonlyMap<string, readonly string[]>;
  /** identity.rotate: what the rotation did (its probes are in `observations`). */
  readonly rotation?: RotationRecord;
}

/** Every check of a scenario, in report order: what was observed first, thresholds last. */
export function judgeScenario(inputs: JudgeInputs): CheckResult[] {
  const { scenario, observations } = inputs;
  const faultStatus = (id: string) => scenario.faults.find((f) => faultId(f) === id)?.status ?? 503;
  const forged = forgedExpectations(inputs.forgedCases, inputs.attackerFetches);
  return [
    ...replayChecks(inputs.replay),
    ...(inputs.access ? accessChecks(inputs.access) : []),
    ...forgedChecks(observations, forged),
    ...(inputs.rotation
      ? rotationChecks(inputs.rotation, observations, scenario.identity.lifetime / 1000)
      : []),
    ...faultChecks(inputs.faults, observations, faultStatus, inputs.replay.blockedByFault),
    ...benchStatusChecks(inputs.bench),
    ...thresholdChecks(scenario.thresholds, inputs.bench),
  ];
}
