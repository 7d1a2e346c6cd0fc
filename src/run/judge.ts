import type { BenchSeries } from "../bench/types.ts";
import { faultId } from "../faults/definitions.ts";
import type { FaultRecord } from "../faults/types.ts";
import type { ForgedCase } from "../identity/index.ts";
import type { Observation } from "../replay/types.ts";
import type { Scenario } from "../scenario/schema.ts";
import { accessChecks, type AccessCell } from "../verdict/access-matrix.ts";
import { faultChecks } from "../verdict/fault-checks.ts";
import { forgedChecks } from "../verdict/forged-checks.ts";
import { replayChecks } from "../verdict/replay-checks.ts";
import { benchStatusChecks, thresholdChecks } from "../verdict/thresholds.ts";
import type { CheckResult } from "../verdict/types.ts";

export interface JudgeInputs {
  readonly scenario: Scenario;
  readonly observations: readonly Observation[];
  readonly faults: readonly FaultRecord[];
  readonly bench: readonly BenchSeries[];
  readonly forgedCases: readonly ForgedCase[];
  readonly access: readonly AccessCell[] | undefined;
}

/** Every check of a scenario, in report order: what was observed first, thresholds last. */
export function judgeScenario(inputs: JudgeInputs): CheckResult[] {
  const { scenario, observations } = inputs;
  const faultStatus = (id: string) => scenario.faults.find((f) => faultId(f) === id)?.status ?? 503;
  const forged = inputs.forgedCases.map((c) => ({
    id: c.id,
    description: c.description,
    statuses: c.expect.statuses,
  }));
  return [
    ...replayChecks(observations),
    ...(inputs.access ? accessChecks(inputs.access) : []),
    ...forgedChecks(observations, forged),
    ...faultChecks(inputs.faults, observations, faultStatus),
    ...benchStatusChecks(inputs.bench),
    ...thresholdChecks(scenario.thresholds, inputs.bench),
  ];
}
