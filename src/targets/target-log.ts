import { appendFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { redactSecrets } from "../redact.ts";
import type { StoppedTarget } from "./types.ts";

export const TARGET_LOG_FILE = "gateway.log";

/**
 * When a run did not pass, the gateway's own output (container logs, embedded warnings, what the harness did
 * to a remote gateway) goes next to the report, and summary.md says where. Redacted like every report file.
 */
export async function attachTargetLog(
  reportDir: string,
  stopped: StoppedTarget,
): Promise<string | undefined> {
  const lines = stopped.logs();
  if (lines.length === 0) return undefined;
  const file = path.join(reportDir, TARGET_LOG_FILE);
  await writeFile(file, redactSecrets(`${lines.join("\n")}\n`));
  await appendFile(
    path.join(reportDir, "summary.md"),
    `\nGateway log (${stopped.kind}, ${lines.length} lines): [${TARGET_LOG_FILE}](${TARGET_LOG_FILE})\n`,
  );
  return file;
}
