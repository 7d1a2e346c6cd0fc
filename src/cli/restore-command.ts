import path from "node:path";
import type { Command } from "commander";
import { ShadowgateError, type ExitCode } from "../errors.ts";
import { registerMockUpstream } from "./mock-upstream-command.ts";
import { printLine } from "./output.ts";

/** The commands of the real-Kong targets: `restore` and `mock-upstream` (one registration in main.ts). */
export function registerTargetCommands(program: Command, setExit: (code: ExitCode) => void): void {
  registerRestore(program, setExit);
  registerMockUpstream(program, setExit);
}

interface RestoreFlags {
  adminUrl?: string;
  file?: string;
  stateDir: string;
}

/**
 * `shadowgate restore`: after a run against `--target url` was killed before it could put the gateway back,
 * pushes the saved original config (or undoes the DB-mode changes) and deletes the saved copy.
 */
export function registerRestore(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("restore")
    .description("Put a Kong back as it was before an interrupted `run --target url` (from .shadowgate/)")
    .option("--admin-url <url>", "the Kong Admin API to restore (default: the one the saved copy names)")
    .option(
      "--file <file>",
      "the saved copy (default: the one in --state-dir for --admin-url, or the only one)",
    )
    .option("--state-dir <dir>", "where runs save restore files", ".shadowgate")
    .action(async (flags: RestoreFlags) => {
      const { restoreFilesIn, restoreFilePath } = await import("../targets/restore-file.ts");
      const { restoreFromFile } = await import("../targets/restore.ts");
      let file = flags.file;
      if (!file && flags.adminUrl) file = restoreFilePath(flags.stateDir, flags.adminUrl);
      if (!file) {
        const files = restoreFilesIn(flags.stateDir);
        if (files.length === 0) {
          printLine(`nothing to restore: no restore file in ${path.resolve(flags.stateDir)}`);
          setExit(0);
          return;
        }
        if (files.length > 1)
          throw new ShadowgateError(
            "SG_USAGE",
            `several gateways have saved configs (${files.join(", ")}); name one with --file or --admin-url`,
          );
        file = files[0];
      }
      const outcome = await restoreFromFile(file as string, flags.adminUrl);
      printLine(`restored ${outcome.adminUrl} (${outcome.mode}) from ${outcome.file}; the file is deleted`);
      setExit(0);
    });
}
