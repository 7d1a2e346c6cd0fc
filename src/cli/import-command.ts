import { Option, type Command } from "commander";
import { ShadowgateError, type ExitCode } from "../errors.ts";
import type { BadLinePolicy } from "../traffic/capture-reader.ts";
import type { ImportFormat } from "../traffic/import/types.ts";
import { printLine } from "./output.ts";

interface ImportFlags {
  format: ImportFormat;
  out: string;
  identity?: string;
  credentialHeader: string[];
  maxBody: string;
  onBadLine: BadLinePolicy;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerImport(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("import")
    .description("Convert Kong http-log/file-log, HAR 1.2 or GoReplay files into a capture (docs/capture.md)")
    .argument("<file...>", "source files, read as streams")
    .addOption(
      new Option("--format <format>", "source format")
        .choices(["kong-log", "har", "goreplay"])
        .makeOptionMandatory(),
    )
    .requiredOption("--out <capture.ndjson>", "capture file to write")
    .option("--identity <map.yaml>", "identity map: job fields from headers, Kong consumers and routes")
    .option("--credential-header <name>", "another header that carries a credential, repeatable", collect, [])
    .option("--max-body <bytes>", "request body cap; longer bodies are cut (original size kept)", "65536")
    .addOption(
      new Option("--on-bad-line <policy>", "a bad record stops (exit 2) or is skipped and counted")
        .choices(["stop", "skip"])
        .default("stop"),
    )
    .action(async (files: string[], flags: ImportFlags) => {
      if (!/^\d+$/.test(flags.maxBody))
        throw new ShadowgateError("SG_USAGE", `--max-body ${flags.maxBody}: expected a number of bytes`);
      const { importCapture } = await import("../traffic/import/import-capture.ts");
      const { loadIdentityMap } = await import("../traffic/identity-map.ts");
      const summary = await importCapture({
        format: flags.format,
        files,
        out: flags.out,
        credentialHeaders: flags.credentialHeader,
        maxBodyBytes: Number(flags.maxBody),
        onBadLine: flags.onBadLine,
        ...(flags.identity ? { identity: loadIdentityMap(flags.identity) } : {}),
      });
      for (const problem of summary.problems) process.stderr.write(`skipped: ${problem}\n`);
      printLine(
        JSON.stringify({
          out: flags.out,
          records: summary.records,
          withJob: summary.withJob,
          skipped: summary.skipped,
        }),
      );
      setExit(0);
    });
}
