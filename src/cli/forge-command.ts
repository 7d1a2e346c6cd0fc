import type { Command } from "commander";
import type { ExitCode } from "../errors.ts";
import { printLine } from "./output.ts";

export function registerForge(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("forge")
    .description("The forged-token catalogue sent by `forged.cases` in a scenario")
    .option("--list", "list the catalogue (the default)")
    .option("--json", "as a JSON array of {id, class, description}")
    .action(async (flags: { list?: boolean; json?: boolean }) => {
      const { FORGED_CASES } = await import("../identity/forge/catalogue.ts");
      if (flags.json) {
        const rows = FORGED_CASES.map((c) => ({ id: c.id, class: c.class, description: c.description }));
        printLine(JSON.stringify(rows, null, 2));
      } else {
        const width = Math.max(...FORGED_CASES.map((c) => c.id.length));
        for (const c of FORGED_CASES)
          printLine(`${c.id.padEnd(width)}  ${c.class.padEnd(13)} ${c.description}`);
      }
      setExit(0);
    });
}
