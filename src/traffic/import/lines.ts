import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { ShadowgateError } from "../../errors.ts";

/** Non-blank lines of a text file with their 1-based numbers, streamed. `label` names the file in errors. */
export async function* readLines(file: string, label = file): AsyncGenerator<{ line: number; text: string }> {
  const input = createReadStream(file, { encoding: "utf8", highWaterMark: 256 * 1024 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      // An NDJSON record starts with "{": only other lines need the (allocating) blank-line check.
      if (text.charCodeAt(0) === 123 || text.trim() !== "") yield { line, text };
    }
  } catch (cause) {
    throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot read ${label}`, { cause });
  } finally {
    lines.close();
    input.destroy();
  }
}
