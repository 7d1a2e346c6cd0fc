import { appendFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { redactSecrets } from "../redact.ts";
import type { Observation } from "../replay/types.ts";
import type { ScenarioResult } from "../report/types.ts";
import { reportSlug, writeScenarioReports } from "../report/write.ts";
import type { LoadedScenario } from "../scenario/load.ts";
import { attachTargetLog } from "../targets/target-log.ts";
import type { StoppedTarget, TargetDefinition } from "../targets/types.ts";
import { compareObservations, type Comparison } from "./compare-diff.ts";
import { renderComparison } from "./compare-render.ts";
import { runScenario } from "./scenario-run.ts";

export interface ComparedRun {
  readonly file: string;
  readonly result: ScenarioResult;
  readonly reportDir: string;
}

export interface ScenarioComparison {
  readonly runs: readonly [ComparedRun, ComparedRun];
  readonly comparison: Comparison;
  /** `<out>/<scenario>/` with compare.json and compare.md. */
  readonly dir: string;
}

export interface CompareDeps {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly out: string;
}

/**
 * `--compare A,B`: the scenario runs on A, then on B (one after the other, so neither's load disturbs the
 * other's timing), each with its own report under `<out>/<kind>/`; then their exchanges are paired and every
 * divergence is listed in compare.json, compare.md and both summaries.
 */
export async function compareScenario(
  scenario: LoadedScenario,
  targets: readonly [TargetDefinition, TargetDefinition],
  deps: CompareDeps,
): Promise<ScenarioComparison> {
  const runOn = async (target: TargetDefinition): Promise<ComparedRun & { observations: Observation[] }> => {
    let observations: Observation[] = [];
    let stopped: StoppedTarget | undefined;
    const result = await runScenario(scenario, {
      target,
      logger: deps.logger,
      signal: deps.signal,
      clock: deps.clock,
      onObservations: (o) => (observations = [...o]),
      onTargetStopped: (s) => (stopped = s),
    });
    const reportDir = await writeScenarioReports(path.join(deps.out, target.kind), result);
    if (stopped && result.verdict !== "ready") await attachTargetLog(reportDir, stopped);
    return { file: scenario.file, result, reportDir, observations };
  };
  const first = await runOn(targets[0]);
  const second = await runOn(targets[1]);
  const comparison = compareObservations(
    [targets[0].kind, targets[1].kind],
    first.observations,
    second.observations,
  );
  const dir = path.join(deps.out, reportSlug(first.result.scenario.name));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "compare.json"), redactSecrets(`${JSON.stringify(comparison, null, 2)}\n`));
  const section = renderComparison(comparison);
  await writeFile(path.join(dir, "compare.md"), `# shadowgate: ${first.result.scenario.name}\n\n${section}`);
  for (const run of [first, second]) await appendFile(path.join(run.reportDir, "summary.md"), `\n${section}`);
  const strip = ({ file, result, reportDir }: ComparedRun): ComparedRun => ({ file, result, reportDir });
  return { runs: [strip(first), strip(second)], comparison, dir };
}
