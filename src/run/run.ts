import { systemClock, type Clock } from "../clock.ts";
import { EXIT, type ExitCode } from "../errors.ts";
import { stderrLogger, type Logger } from "../log.ts";
import type { ScenarioResult } from "../report/types.ts";
import { writeScenarioReports } from "../report/write.ts";
import { expandScenarioPaths, loadScenario, type LoadedScenario } from "../scenario/load.ts";
import { checkTargetFlags, defineTarget } from "../targets/select.ts";
import { attachTargetLog } from "../targets/target-log.ts";
import type { StoppedTarget, TargetDefinition, TargetKind } from "../targets/types.ts";
import { compareScenario, type ScenarioComparison } from "./compare.ts";
import { runScenario } from "./scenario-run.ts";
import { crossCheckScenario, validateKongFile } from "./validate.ts";

/** What `shadowgate run` takes; the CLI builds exactly this object from argv. */
export interface RunOptions {
  readonly scenarios: readonly string[];
  readonly target?: TargetKind;
  readonly proxyUrl?: string;
  readonly adminUrl?: string;
  /** `--target docker`: the Kong image (default kong:3.9.3). */
  readonly kongImage?: string;
  /** `--target url`: the host name the gateway uses to reach this machine's mock upstreams. */
  readonly upstreamHost?: string;
  /** Where a remote gateway's original config is saved for `shadowgate restore` (default .shadowgate/). */
  readonly stateDir?: string;
  /** `--compare A,B`: each scenario on both targets, divergences listed (replaces `target`). */
  readonly compare?: readonly [TargetKind, TargetKind];
  readonly out?: string;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Replaces the target built from `target` (tests inject their own). */
  readonly targetDefinition?: TargetDefinition;
}

export interface ScenarioOutcome {
  readonly file: string;
  readonly result: ScenarioResult;
  readonly reportDir: string;
}

export interface RunSummary {
  readonly outcomes: readonly ScenarioOutcome[];
  /** One per scenario in a `--compare` run. */
  readonly comparisons?: readonly ScenarioComparison[];
  readonly exitCode: ExitCode;
}

/**
 * Runs scenarios one after another. Every scenario is loaded and validated before anything starts, so a
 * typo in the third file costs seconds, not a whole run (exit 2 with file:line).
 */
export async function run(options: RunOptions): Promise<RunSummary> {
  const logger = options.logger ?? stderrLogger();
  const signal = options.signal ?? new AbortController().signal;
  const loaded: LoadedScenario[] = expandScenarioPaths(options.scenarios).map((file) => loadScenario(file));
  for (const scenario of loaded) crossCheckScenario(scenario, validateKongFile(scenario.kongPath));
  const kinds = options.compare ?? [options.target ?? "embedded"];
  checkTargetFlags(kinds, options);
  const targets = options.targetDefinition
    ? [options.targetDefinition]
    : await Promise.all(kinds.map((kind) => defineTarget({ ...options, kind, logger })));
  const outcomes: ScenarioOutcome[] = [];
  const comparisons: ScenarioComparison[] = [];
  const clock = options.clock ?? systemClock;
  for (const scenario of loaded) {
    if (signal.aborted) break;
    const [target, second] = targets as [TargetDefinition, TargetDefinition?];
    if (second) {
      const compared = await compareScenario(scenario, [target, second], {
        logger,
        signal,
        clock,
        out: options.out ?? "reports",
      });
      outcomes.push(...compared.runs);
      comparisons.push(compared);
      continue;
    }
    let stopped: StoppedTarget | undefined;
    const result = await runScenario(scenario, {
      target,
      logger,
      signal,
      clock,
      onTargetStopped: (s) => (stopped = s),
    });
    const reportDir = await writeScenarioReports(options.out ?? "reports", result);
    if (stopped && result.verdict !== "ready") await attachTargetLog(reportDir, stopped);
    outcomes.push({ file: scenario.file, result, reportDir });
  }
  const interrupted = signal.aborted && outcomes.length < loaded.length;
  return {
    outcomes,
    ...(comparisons.length > 0 ? { comparisons } : {}),
    exitCode: combineExitCodes(
      [
        ...outcomes.map((o) => o.result.exitCode),
        // A divergence means the two gateways disagree: not a pass for whoever gates on it.
        ...(comparisons.some((c) => c.comparison.divergences.length > 0) ? [EXIT.notReady] : []),
      ],
      interrupted,
    ),
  };
}

/** Infrastructure beats incomplete beats not-ready: the most actionable failure decides the exit code. */
export function combineExitCodes(codes: readonly number[], interrupted: boolean): ExitCode {
  if (codes.includes(EXIT.infrastructure)) return EXIT.infrastructure;
  if (interrupted || codes.includes(EXIT.incomplete)) return EXIT.incomplete;
  if (codes.includes(EXIT.badInput)) return EXIT.badInput;
  if (codes.includes(EXIT.notReady)) return EXIT.notReady;
  return EXIT.ready;
}
