import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { ShadowgateError } from "../errors.ts";
import { CaptureRecordSchema, type CaptureRecord } from "./capture-schema.ts";

export interface CaptureEntry {
  readonly line: number;
  readonly record: CaptureRecord;
}

/** Headers that carry credentials: a capture that holds one in clear is refused, never replayed. */
const CREDENTIAL_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);

/**
 * Streams a capture file record by record (never the whole file in memory).
 * A bad line stops the read with file:line (exit 2).
 */
export async function* readCapture(file: string): AsyncGenerator<CaptureEntry> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (text.trim() === "") continue;
      yield { line, record: parseCaptureLine(text, file, line) };
    }
  } catch (error) {
    if (error instanceof ShadowgateError) throw error;
    throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot read capture ${file}`, { cause: error });
  }
}

export function parseCaptureLine(text: string, file: string, line: number): CaptureRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ShadowgateError("SG_CAPTURE_INVALID", `not JSON: ${reason}`, { location: { file, line } });
  }
  const parsed = CaptureRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "(record)";
    const detail =
      issue?.code === "unrecognized_keys" ? `unknown key "${issue.keys.join('", "')}"` : issue?.message;
    throw new ShadowgateError("SG_CAPTURE_INVALID", `${where}: ${detail ?? "invalid"}`, {
      location: { file, line },
    });
  }
  const leaked = Object.keys(parsed.data.headers).find((h) => CREDENTIAL_HEADERS.has(h.toLowerCase()));
  if (leaked)
    throw new ShadowgateError(
      "SG_CAPTURE_INVALID",
      `headers.${leaked}: credentials must not be stored in a capture (they are re-minted at replay)`,
      { location: { file, line } },
    );
  return parsed.data;
}
