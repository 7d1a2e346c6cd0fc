import type { BenchSeries } from "../bench/types.ts";
import type { ShadowgateError } from "../errors.ts";
import type { AuditFinding } from "../kong/audit-types.ts";
import type { FaultRecord } from "../faults/types.ts";
import type { Observation } from "../replay/types.ts";
import { RESULT_SCHEMA_VERSION, type ForgedResult, type ScenarioResult } from "../report/types.ts";
import type { StartedTarget } from "../targets/types.ts";
import type { ReplaySummary } from "../verdict/replay-tally.ts";
import type { AccessCell } from "../verdict/access-matrix.ts";
import type { CheckResult } from "../verdict/types.ts";
import { decideVerdict, verdictExitCode } from "../verdict/verdict.ts";

export interface ResultInputs {
  readonly scenario: ScenarioResult["scenario"];
  readonly target: StartedTarget | undefined;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly checks: readonly CheckResult[];
  readonly observations: readonly Observation[];
  readonly forgedDescriptions: ReadonlyMap<string, string>;
  readonly faults: readonly FaultRecord[];
  readonly bench: readonly BenchSeries[];
  readonly identity: ScenarioResult["identity"];
  readonly tokensMinted: number;
  /** The replay, tallied as it ran (replayed exchanges are not all kept). */
  readonly replay: ReplaySummary;
  readonly access?: readonly AccessCell[];
  readonly audit: readonly AuditFinding[];
  readonly complete: boolean;
  readonly error?: ShadowgateError;
}

/** Pure assembly of result.json from what the stages produced. */
export function buildResult(inputs: ResultInputs): ScenarioResult {
  const verdict = decideVerdict(inputs.checks, inputs.complete && inputs.error === undefined);
  const exitCode =
    inputs.error && inputs.error.exitCode !== 1 ? inputs.error.exitCode : verdictExitCode(verdict);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    scenario: inputs.scenario,
    target: inputs.target
      ? {
          kind: inputs.target.kind,
          name: inputs.target.gateway.name,
          version: inputs.target.gateway.version,
          ...(inputs.target.limitations === undefined ? {} : { limitations: inputs.target.limitations }),
        }
      : { kind: "embedded", name: "not started", version: "unknown" },
    verdict,
    exitCode,
    startedAt: new Date(inputs.startedAtMs).toISOString(),
    durationMs: Math.round(inputs.finishedAtMs - inputs.startedAtMs),
    checks: inputs.checks,
    forged: inputs.observations
      .filter((o) => o.kind === "forged")
      .map((o) => forgedResult(o, inputs.forgedDescriptions)),
    traffic: {
      sent: inputs.replay.sent,
      byOutcome: inputs.replay.byOutcome,
      byStatus: inputs.replay.byStatus,
      tokensMinted: inputs.tokensMinted,
      diff: inputs.replay.diff,
    },
    faults: inputs.faults,
    bench: inputs.bench,
    identity: inputs.identity,
    ...(inputs.access ? { access: inputs.access } : {}),
    audit: inputs.audit,
    ...(inputs.error ? { error: { code: inputs.error.code, message: inputs.error.message } } : {}),
  };
}

function forgedResult(o: Observation, descriptions: ReadonlyMap<string, string>): ForgedResult {
  const id = o.forgedCase ?? "unknown";
  return {
    case: id,
    description: descriptions.get(id) ?? id,
    status: o.status,
    accepted: o.status > 0 && o.status < 400,
    upstreamHit: o.upstreamHit,
  };
}
