import { systemClock, type Clock } from "../clock.ts";
import { EXIT, ShadowgateError, type ExitCode } from "../errors.ts";
import { stderrLogger, type Logger } from "../log.ts";
import type { ScenarioResult } from "../report/types.ts";
import { writeScenarioReports } from "../report/write.ts";
import { expandScenarioPaths, loadScenario, type LoadedScenario } from "../scenario/load.ts";
import { embeddedTarget } from "../targets/embedded.ts";
import type { TargetDefinition, TargetKind } from "../targets/types.ts";
import { runScenario } from "./scenario-run.ts";
import { crossCheckScenario, validateKongFile } from "./validate.ts";

/** What `shadowgate run` takes; the CLI builds exactly this object from argv. */
export interface RunOptions {
  readonly scenarios: readonly string[];
  readonly target?: TargetKind;
  readonly proxyUrl?: string;
  readonly adminUrl?: string;
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
  const target = options.targetDefinition ?? targetFor(options, logger);
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of loaded) {
    if (signal.aborted) break;
    const result = await runScenario(scenario, {
      target,
      logger,
      signal,
      clock: options.clock ?? systemClock,
    });
    const reportDir = await writeScenarioReports(options.out ?? "reports", result);
    outcomes.push({ file: scenario.file, result, reportDir });
  }
  const interrupted = signal.aborted && outcomes.length < loaded.length;
  return {
    outcomes,
    exitCode: combineExitCodes(
      outcomes.map((o) => o.result.exitCode),
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

function targetFor(options: RunOptions, logger: Logger): TargetDefinition {
  const kind = options.target ?? "embedded";
  if (kind === "embedded")
    return embeddedTarget({ logger, ...(options.clock ? { clock: options.clock } : {}) });
  // Never fall back silently from a target the user asked for (DESIGN.md).
  throw new ShadowgateError(
    "SG_TARGET_START_FAILED",
    `--target ${kind} is not available in this build yet; use --target embedded`,
  );
}
