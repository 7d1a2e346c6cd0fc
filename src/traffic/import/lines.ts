import { createReadStream } from "node:fs";
import { ShadowgateError } from "../../errors.ts";

export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/**
 * Non-blank lines of a text file with their 1-based numbers, streamed a read at a time: each batch holds
 * the lines completed by one chunk of the file, so a caller pays one await per chunk, not one per line
 * (the replayer reads captures of millions of lines). Lines end as readline ends them with
 * `crlfDelay: Infinity`: at `\n`, `\r\n` or a lone `\r`; a last line without an end is still a line.
 * Chunks stay bytes and each line is decoded on its own (UTF-8, invalid sequences replaced as a stream
 * decoder replaces them): no chunk-sized string is built, whose slices would keep it alive.
 * `label` names the file in errors.
 */
export async function* readLineBatches(
  file: string,
  label = file,
  chunkBytes = 64 * 1024,
): AsyncGenerator<NumberedLine[]> {
  const input = createReadStream(file, { highWaterMark: chunkBytes });
  let line = 0;
  // Bytes of a line the previous chunk did not finish (CR and LF are never inside a UTF-8 sequence).
  let pending: Buffer | undefined;
  // A chunk that ends in "\r" may be the first half of "\r\n": the next chunk decides.
  let endedInCr = false;
  const push = (out: NumberedLine[], text: string) => {
    line += 1;
    // An NDJSON record starts with "{": only other lines need the (allocating) blank-line check.
    if (text.charCodeAt(0) === 123 || text.trim() !== "") out.push({ line, text });
  };
  const batch = (chunk: Buffer): NumberedLine[] => {
    const out: NumberedLine[] = [];
    let start = 0;
    if (endedInCr && chunk[0] === 10) start = 1;
    endedInCr = false;
    // indexOf scans natively; a lone "\r" is rare, so its position is looked up again only once passed.
    let lf = chunk.indexOf(10, start);
    let cr = chunk.indexOf(13, start);
    while (lf >= 0 || cr >= 0) {
      const end = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
      if (pending === undefined) push(out, chunk.toString("utf8", start, end));
      else {
        push(out, Buffer.concat([pending, chunk.subarray(start, end)]).toString("utf8"));
        pending = undefined;
      }
      start = end + 1;
      if (end === cr) {
        if (start === chunk.length) endedInCr = true;
        else if (chunk[start] === 10) start += 1;
        cr = chunk.indexOf(13, start);
      }
      if (lf < start) lf = chunk.indexOf(10, start);
    }
    if (start < chunk.length) {
      // A copy: the stream may reuse or keep the chunk, and the tail is all that is needed.
      const tail = Buffer.from(chunk.subarray(start));
      pending = pending === undefined ? tail : Buffer.concat([pending, tail]);
    }
    return out;
  };
  try {
    for await (const chunk of input) {
      const lines = batch(chunk as Buffer);
      if (lines.length > 0) yield lines;
    }
    if (pending !== undefined) {
      const last: NumberedLine[] = [];
      push(last, pending.toString("utf8"));
      pending = undefined;
      if (last.length > 0) yield last;
    }
  } catch (cause) {
    throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot read ${label}`, { cause });
  } finally {
    input.destroy();
  }
}

/** Non-blank lines of a text file with their 1-based numbers, one at a time (see readLineBatches). */
export async function* readLines(file: string, label = file): AsyncGenerator<NumberedLine> {
  for await (const lines of readLineBatches(file, label)) yield* lines;
}
