import { ShadowgateError } from "../../errors.ts";
import type { BadLinePolicy } from "../capture-reader.ts";
import type { IdentityMap } from "../identity-map.ts";
import { createNdjsonWriter } from "../ndjson-writer.ts";
import { buildCaptureRecord } from "../record-builder.ts";
import { importGoReplay } from "./goreplay.ts";
import { importHar } from "./har.ts";
import { importKongLog } from "./kong-log.ts";
import type { ImportFormat, Importer } from "./types.ts";

export const IMPORTERS: Readonly<Record<ImportFormat, Importer>> = {
  "kong-log": importKongLog,
  har: importHar,
  goreplay: importGoReplay,
};

/** What `shadowgate import` takes. */
export interface ImportOptions {
  readonly format: ImportFormat;
  readonly files: readonly string[];
  readonly out: string;
  readonly identity?: IdentityMap;
  readonly credentialHeaders?: readonly string[];
  readonly maxBodyBytes?: number;
  readonly onBadLine?: BadLinePolicy;
}

export interface ImportSummary {
  readonly records: number;
  /** Records with a Buildkite job (replayed with a minted token); the rest replay without one. */
  readonly withJob: number;
  readonly skipped: number;
  /** The first skipped records as `file:line: reason`. */
  readonly problems: readonly string[];
}

/**
 * Converts source files into one capture, streaming record by record. A record that cannot be imported
 * stops the import with file:line (exit 2), or is skipped and counted with `onBadLine: "skip"`.
 */
export async function importCapture(options: ImportOptions): Promise<ImportSummary> {
  const importer = IMPORTERS[options.format];
  const writer = createNdjsonWriter(options.out);
  let withJob = 0;
  let skipped = 0;
  const problems: string[] = [];
  try {
    for (const file of options.files) {
      for await (const item of importer(file)) {
        const built = item.problem === undefined ? buildCaptureRecord(item.exchange, options) : item;
        if (built.problem !== undefined) {
          const error = new ShadowgateError("SG_CAPTURE_INVALID", `${options.format}: ${built.problem}`, {
            location: { file, line: item.line },
          });
          if (options.onBadLine !== "skip") throw error;
          skipped += 1;
          if (problems.length < 10) problems.push(error.message);
          continue;
        }
        if (built.record.job) withJob += 1;
        await writer.write(built.record);
      }
    }
  } finally {
    await writer.close();
  }
  return { records: writer.count(), withJob, skipped, problems };
}
