/**
 * shadowgate's library API: everything the CLI does is one of these calls.
 *
 * @example
 * import { run } from "shadowgate";
 * const summary = await run({ scenarios: ["scenarios/"], out: "reports" });
 * process.exitCode = summary.exitCode;
 */
export { run, combineExitCodes, type RunOptions, type RunSummary, type ScenarioOutcome } from "./run/run.ts";
export { runScenario, type ScenarioRunDeps } from "./run/scenario-run.ts";
export { validateFiles, validateKongFile, type ValidationReport } from "./run/validate.ts";
export { loadScenario, expandScenarioPaths, type LoadedScenario } from "./scenario/load.ts";
export { ScenarioSchema, scenarioJsonSchema, type Scenario } from "./scenario/schema.ts";
export { readCapture, type CaptureEntry } from "./traffic/capture-reader.ts";
export type { CaptureRecord } from "./traffic/capture-schema.ts";
export {
  startEmbeddedGateway,
  type EmbeddedGatewayOptions,
  type RunningEmbeddedGateway,
} from "./gateway/index.ts";
export { embeddedTarget } from "./targets/embedded.ts";
export { urlTarget } from "./targets/url.ts";
export { dockerTarget } from "./targets/docker.ts";
export { compareScenario } from "./run/compare.ts";
export type { StartedTarget, TargetDefinition, TargetKind } from "./targets/types.ts";
export { createIssuer, FORGED_CASES, findForgedCase, decodeToken, describeToken } from "./identity/index.ts";
export type { Issuer, BuildkiteJob, ForgedCase } from "./identity/index.ts";
export { mintFromOptions, type MintOptions } from "./identity/mint-options.ts";
export { auditKongConfig, AUDIT_RULES, type AuditFinding } from "./kong/audit.ts";
export { swapTrustedKeys, redirectUpstreams, blockRoute } from "./kong/patch.ts";
export { runLoad, mergeEncoded, decodeHistogram, summarize } from "./bench/index.ts";
export type { BenchSeries } from "./bench/types.ts";
export { writeScenarioReports } from "./report/write.ts";
export type { ScenarioResult } from "./report/types.ts";
export type { CheckResult, Verdict } from "./verdict/types.ts";
export { ERROR_CODES, ShadowgateError, isShadowgateError, type ErrorCode, type ExitCode } from "./errors.ts";
export { systemClock, type Clock } from "./clock.ts";
