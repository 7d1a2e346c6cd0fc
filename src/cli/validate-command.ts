import type { Command } from "commander";
import type { ExitCode } from "../errors.ts";
import { printError, printLine } from "./output.ts";

export function registerValidate(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("validate")
    .description(
      "Check scenarios and Kong declarative configs without running anything (exit 2 on a problem)",
    )
    .argument("<file...>", "scenario files, kong.yml files, or folders")
    .action(async (files: string[]) => {
      const { validateFiles } = await import("../run/validate.ts");
      const reports = validateFiles(files);
      for (const report of reports) {
        if (report.error) printError(report.error);
        else printLine(`ok  ${report.kind.padEnd(8)} ${report.file}`);
      }
      setExit(reports.some((r) => r.error) ? 2 : 0);
    });
}
