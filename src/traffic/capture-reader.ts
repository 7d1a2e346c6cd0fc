import { isShadowgateError, ShadowgateError } from "../errors.ts";
import { CaptureRecordSchema, plainCaptureRecord, type CaptureRecord } from "./capture-schema.ts";
import { CREDENTIAL_HEADERS } from "./credentials.ts";
import { readLineBatches } from "./import/lines.ts";

export interface CaptureEntry {
  readonly line: number;
  readonly record: CaptureRecord;
}

/** `stop`: the first bad line ends the run (exit 2). `skip`: bad lines are counted and reported. */
export type BadLinePolicy = "stop" | "skip";

/** Filled in while a capture is read, so a caller can report what was skipped. */
export interface CaptureReadStats {
  records: number;
  skipped: number;
  /** The first few skipped lines as `file:line: reason`. */
  readonly problems: string[];
}

export interface ReadCaptureOptions {
  readonly onBadLine?: BadLinePolicy;
  readonly stats?: CaptureReadStats;
}

export function createReadStats(): CaptureReadStats {
  return { records: 0, skipped: 0, problems: [] };
}

const KEPT_PROBLEMS = 10;
const CREDENTIALS = new Set<string>(CREDENTIAL_HEADERS);
const JWT_SHAPED = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

/**
 * Streams a capture file record by record: a line at a time, never the whole file in memory.
 * A bad line stops the read with file:line (exit 2), or is skipped and counted with `onBadLine: "skip"`.
 */
export async function* readCapture(
  file: string,
  options: ReadCaptureOptions = {},
): AsyncGenerator<CaptureEntry> {
  for await (const entries of readCaptureBatches(file, options)) yield* entries;
}

/**
 * readCapture a chunk of the file at a time: the records of each read come as one array, so a consumer of
 * millions of records (the replayer) awaits once per chunk rather than once per record.
 */
export async function* readCaptureBatches(
  file: string,
  options: ReadCaptureOptions = {},
): AsyncGenerator<CaptureEntry[]> {
  const stats = options.stats ?? createReadStats();
  for await (const lines of readLineBatches(file, `capture ${file}`)) {
    const entries: CaptureEntry[] = [];
    for (const { line, text } of lines) {
      let record: CaptureRecord;
      try {
        record = parseCaptureLine(text, file, line);
      } catch (error) {
        if (options.onBadLine !== "skip" || !isShadowgateError(error, "SG_CAPTURE_INVALID")) {
          // The records before the bad line were read: hand them over before stopping (exit 2).
          if (entries.length > 0) yield entries;
          throw error;
        }
        stats.skipped += 1;
        if (stats.problems.length < KEPT_PROBLEMS) stats.problems.push(error.message);
        continue;
      }
      stats.records += 1;
      entries.push({ line, record });
    }
    if (entries.length > 0) yield entries;
  }
}

export function parseCaptureLine(text: string, file: string, line: number): CaptureRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw invalidLine(file, line, `not JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  // The common record is checked by hand (same rules, same result); zod decides, and explains, the rest.
  const record = plainCaptureRecord(json) ?? validate(json, file, line);
  for (const name of Object.keys(record.headers)) {
    if (CREDENTIALS.has(name.toLowerCase()))
      throw invalidLine(
        file,
        line,
        `headers.${name}: credentials must not be stored in a capture (they are re-minted at replay)`,
      );
  }
  // A token anywhere else in clear (a header, the query) is refused too: captures are shared files.
  if (JWT_SHAPED.test(text))
    throw invalidLine(file, line, "a JWT is stored in clear; captures keep only token descriptors (`auth`)");
  return record;
}

function validate(json: unknown, file: string, line: number): CaptureRecord {
  const parsed = CaptureRecordSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join(".") || "(record)";
  const detail =
    issue?.code === "unrecognized_keys" ? `unknown key "${issue.keys.join('", "')}"` : issue?.message;
  throw invalidLine(file, line, `${where}: ${detail ?? "invalid"}`);
}

function invalidLine(file: string, line: number, detail: string): ShadowgateError {
  return new ShadowgateError("SG_CAPTURE_INVALID", detail, { location: { file, line } });
}

/** The first Buildkite job in a capture, read as a stream that stops there (probes need one identity). */
export async function firstCaptureJob(
  file: string,
  onBadLine: BadLinePolicy = "stop",
): Promise<CaptureRecord["job"]> {
  for await (const { record } of readCapture(file, { onBadLine })) if (record.job) return record.job;
  return undefined;
}
