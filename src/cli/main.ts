import { Command, CommanderError } from "commander";
import { isShadowgateError, toShadowgateError, type ExitCode } from "../errors.ts";
import { VERSION } from "../version.ts";
import { registerAudit } from "./audit-command.ts";
import { registerForge } from "./forge-command.ts";
import { registerGateway } from "./gateway-command.ts";
import { registerImport } from "./import-command.ts";
import { registerMirror } from "./mirror-command.ts";
import { printError } from "./output.ts";
import { registerTargetCommands } from "./restore-command.ts";
import { registerRun } from "./run-command.ts";
import { registerSchema } from "./schema-command.ts";
import { registerToken } from "./token-command.ts";
import { registerValidate } from "./validate-command.ts";

/** argv (without node and script) → exit code. Commands parse, call the library, and print. */
export async function main(argv: readonly string[]): Promise<ExitCode> {
  const exit: { code: ExitCode } = { code: 0 };
  const program = new Command("shadowgate")
    .description("Is this Kong gateway configuration ready for production Buildkite traffic?")
    .version(VERSION, "-V, --version")
    .showHelpAfterError()
    .exitOverride();
  const setExit = (code: ExitCode) => {
    exit.code = code;
  };
  registerRun(program, setExit);
  registerValidate(program, setExit);
  registerGateway(program, setExit);
  registerSchema(program, setExit);
  registerToken(program, setExit);
  registerForge(program, setExit);
  registerAudit(program, setExit);
  registerTargetCommands(program, setExit);
  registerImport(program, setExit);
  registerMirror(program, setExit);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; anything else is a usage error (exit 2).
      return error.exitCode === 0 ? 0 : 2;
    }
    const failure = isShadowgateError(error) ? error : toShadowgateError(error);
    printError(failure);
    return failure.exitCode;
  }
}
