import { Option, type Command } from "commander";
import type { ExitCode } from "../errors.ts";
import { untestedSevereFindings } from "../report/untested-findings.ts";
import type { RunOptions } from "../run/run.ts";
import type { TargetKind } from "../targets/types.ts";
import { parseCompare } from "../targets/kinds.ts";
import { printLine } from "./output.ts";
import { abortOnSignals } from "./signals.ts";

interface RunFlags {
  target: TargetKind;
  proxyUrl?: string;
  adminUrl?: string;
  kongImage?: string;
  upstreamHost?: string;
  compare?: string;
  out: string;
}

export function registerRun(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("run")
    .description("Run scenarios against a gateway and write reports (exit 0 ready, 1 not ready)")
    .argument("<scenario...>", "scenario files or folders of *.yaml")
    .addOption(
      new Option("--target <kind>", "gateway to test")
        .choices(["embedded", "docker", "url"])
        .default("embedded"),
    )
    .option("--proxy-url <url>", "proxy URL of an existing Kong (--target url)")
    .option("--admin-url <url>", "Admin API URL of an existing Kong (--target url)")
    .option("--kong-image <image>", "Kong image for --target docker (default kong:3.9.3)")
    .option(
      "--upstream-host <host>",
      "host name the Kong at --proxy-url uses to reach this machine's mock upstreams (e.g. host.docker.internal)",
    )
    .option("--compare <a,b>", "run each scenario on two targets and list divergences, e.g. embedded,docker")
    .option("--out <dir>", "report folder", "reports")
    .action(async (scenarios: string[], flags: RunFlags) => {
      const signals = abortOnSignals();
      try {
        const options: RunOptions = {
          scenarios,
          target: flags.target,
          out: flags.out,
          signal: signals.signal,
          ...(flags.proxyUrl ? { proxyUrl: flags.proxyUrl } : {}),
          ...(flags.adminUrl ? { adminUrl: flags.adminUrl } : {}),
          ...(flags.kongImage ? { kongImage: flags.kongImage } : {}),
          ...(flags.upstreamHost ? { upstreamHost: flags.upstreamHost } : {}),
          ...(flags.compare ? { compare: parseCompare(flags.compare) } : {}),
        };
        // Imported on use: `shadowgate --help` should not load mockttp, undici and the gateway.
        const { run } = await import("../run/run.ts");
        const summary = await run(options);
        for (const { result, reportDir } of summary.outcomes) {
          printLine(`${result.verdict.padEnd(10)} ${result.scenario.name}  ${reportDir}/summary.md`);
          for (const check of result.checks.filter((c) => c.status === "fail"))
            printLine(`  FAIL ${check.id}: ${check.summary}`);
          if (result.error) printLine(`  ${result.error.code}: ${result.error.message}`);
          const untested = untestedSevereFindings(result);
          if (untested.length > 0)
            printLine(
              `  note: ${untested.length} high/critical audit finding(s) not tested by this run (summary.md)`,
            );
        }
        for (const { comparison, dir } of summary.comparisons ?? [])
          printLine(
            `compare    ${comparison.targets.join(" vs ")}: ${comparison.divergences.length} divergences in ${comparison.compared} exchanges  ${dir}/compare.md`,
          );
        setExit(summary.exitCode);
      } finally {
        signals.dispose();
      }
    });
}
