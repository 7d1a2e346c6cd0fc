import type { Command } from "commander";
import type { ExitCode } from "../errors.ts";
import { scenarioJsonSchema } from "../scenario/schema.ts";
import { printLine } from "./output.ts";

export function registerSchema(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("schema")
    .description("Print the scenario JSON Schema (for editor completion; also in docs/scenario.schema.json)")
    .action(() => {
      printLine(JSON.stringify(scenarioJsonSchema(), null, 2));
      setExit(0);
    });
}
