import junitReportBuilder, { type Builder } from "junit-report-builder";
import type { ScenarioResult } from "./types.ts";

/**
 * junit.xml: one test suite per scenario, one test case per check, so CI (Buildkite Test Engine, a JUnit
 * annotate plugin) shows failing checks with their evidence. An incomplete run adds an errored case: a CI
 * reading only junit.xml must not see an interrupted run as green.
 */
// The package is CommonJS (`module.exports = builder`) but its types declare an ES default export, which
// TypeScript's nodenext resolution reads as the module object: the runtime value is the builder itself.
const builder = junitReportBuilder as unknown as Builder;

export function renderJunitXml(result: ScenarioResult): string {
  const report = builder.newBuilder();
  const suite = report
    .testSuite()
    .name(`shadowgate ${result.scenario.name}`)
    .timestamp(result.startedAt)
    .time(result.durationMs / 1000);
  for (const check of result.checks) {
    const testCase = suite.testCase().className(`shadowgate.${result.scenario.name}`).name(check.id);
    if (check.status === "fail")
      testCase.failure(check.summary).stacktrace((check.evidence ?? []).join("\n") || undefined);
    else if (check.status === "skip") testCase.skipped().standardOutput(check.summary);
    else testCase.standardOutput(check.summary);
  }
  if (result.verdict === "incomplete")
    suite
      .testCase()
      .className(`shadowgate.${result.scenario.name}`)
      .name("run.complete")
      .error(result.error?.message ?? "the run did not finish", result.error?.code ?? "incomplete");
  return report.build();
}
