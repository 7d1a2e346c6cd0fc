import type { ShadowgateError } from "../errors.ts";

/** Errors go to stderr as: code, what happened (with file:line), and what to do about it. */
export function printError(error: ShadowgateError): void {
  process.stderr.write(`shadowgate: ${error.code}: ${error.message}\n  hint: ${error.hint}\n`);
  if (error.code === "SG_INTERNAL" && error.cause instanceof Error && error.cause.stack)
    process.stderr.write(`${error.cause.stack}\n`);
}

export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}
