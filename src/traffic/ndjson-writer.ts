import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { ShadowgateError } from "../errors.ts";

/** An append-only NDJSON file: one JSON value per line, flushed and closed exactly once. */
export interface NdjsonWriter {
  readonly file: string;
  /** Queues one line; resolves when the stream can take more (backpressure), never loses a line. */
  write(value: unknown): Promise<void>;
  /** How many lines were written. */
  count(): number;
  /** Flushes everything written so far and closes the file. */
  close(): Promise<void>;
}

export function createNdjsonWriter(file: string): NdjsonWriter {
  let stream: WriteStream;
  try {
    stream = createWriteStream(file, { flags: "w" });
  } catch (cause) {
    throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot write ${file}`, { cause });
  }
  let failure: Error | undefined;
  stream.on("error", (error) => {
    failure = error;
  });
  let lines = 0;
  let closed: Promise<void> | undefined;
  return {
    file,
    async write(value) {
      if (failure) throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot write ${file}`, { cause: failure });
      if (closed) throw new Error(`${file} is closed`);
      lines += 1;
      if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, "drain");
    },
    count: () => lines,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
      });
      return closed;
    },
  };
}
