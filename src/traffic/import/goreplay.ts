import { createReadStream } from "node:fs";
import { ShadowgateError } from "../../errors.ts";
import { splitUri } from "../record-builder.ts";
import type { ImportItem } from "./types.ts";

/** GoReplay's record separator (docs/Saving-and-Replaying-from-file.md; peers.md §1.1). */
const SEPARATOR = Buffer.from("\n🐵🙈🙉\n", "utf8");
/** Requests wait this many records for their original response (type 2) before being emitted without. */
const PAIRING_WINDOW = 1000;

interface Pending {
  line: number;
  id: string;
  item: ImportItem;
}

/**
 * GoReplay `.gor` files: each record is a meta line `<type> <id> <timestamp-ns> [latency-ns]` then raw
 * HTTP bytes. Type 1 requests are paired with their type 2 (original response) by id; type 3 is ignored.
 */
export async function* importGoReplay(file: string): AsyncGenerator<ImportItem> {
  const pending: Pending[] = [];
  for await (const { line, payload } of gorRecords(file)) {
    const newline = payload.indexOf("\n");
    const meta = payload
      .subarray(0, newline === -1 ? payload.length : newline)
      .toString("latin1")
      .trim();
    const [type, id = "", ts = "", latency] = meta.split(" ");
    const raw = payload.subarray(newline + 1);
    if (type === "1") pending.push({ line, id, item: parseRequest(raw, ts, line) });
    else if (type === "2") {
      const match = pending.find((p) => p.id === id && p.item.problem === undefined);
      if (match?.item.problem === undefined && match) match.item = withResponse(match.item, raw, latency);
    } else if (type !== "3") yield { line, problem: `unknown GoReplay record type in "${meta}"` };
    while (pending.length > PAIRING_WINDOW) yield pending.shift()!.item;
  }
  for (const p of pending) yield p.item;
}

async function* gorRecords(file: string): AsyncGenerator<{ line: number; payload: Buffer }> {
  let buffered: Buffer = Buffer.alloc(0);
  let line = 1;
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      let at: number;
      while ((at = buffered.indexOf(SEPARATOR)) !== -1) {
        const payload = buffered.subarray(0, at);
        if (payload.length > 0) yield { line, payload };
        line += countNewlines(payload) + 2;
        buffered = buffered.subarray(at + SEPARATOR.length);
      }
    }
  } catch (cause) {
    throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot read ${file}`, { cause });
  } finally {
    input.destroy();
  }
  if (buffered.toString("utf8").trim() !== "") yield { line, payload: buffered };
}

function parseRequest(raw: Buffer, tsNs: string, line: number): ImportItem {
  const head = headOf(raw);
  const [requestLine = "", ...headerLines] = head.text.split("\r\n");
  const match = /^([A-Z]+) (\S+) HTTP\/\d(?:\.\d)?$/.exec(requestLine);
  if (!match) return { line, problem: `not an HTTP request line: "${requestLine.slice(0, 80)}"` };
  if (!/^\d{13,19}$/.test(tsNs)) return { line, problem: `bad GoReplay timestamp "${tsNs}"` };
  const headers: Record<string, string> = {};
  for (const h of headerLines) {
    const colon = h.indexOf(":");
    if (colon <= 0) continue;
    const name = h.slice(0, colon).trim().toLowerCase();
    const value = h.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const { path, query } = splitUri(match[2]!);
  const body = raw.subarray(head.bodyStart);
  return {
    line,
    exchange: {
      at: new Date(Number(BigInt(tsNs.padEnd(19, "0")) / 1_000_000n)).toISOString(),
      method: match[1]!,
      path,
      query,
      headers,
      ...(body.length > 0 ? { body } : {}),
      source: "goreplay",
    },
  };
}

function withResponse(item: ImportItem, raw: Buffer, latencyNs: string | undefined): ImportItem {
  if (item.problem !== undefined) return item;
  const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(headOf(raw).text)?.[1];
  if (status === undefined) return item;
  const latencyMs = latencyNs && /^\d+$/.test(latencyNs) ? Number(latencyNs) / 1e6 : undefined;
  return { ...item, exchange: { ...item.exchange, response: { status: Number(status), latencyMs } } };
}

function headOf(raw: Buffer): { text: string; bodyStart: number } {
  const end = raw.indexOf("\r\n\r\n");
  if (end === -1) return { text: raw.toString("latin1"), bodyStart: raw.length };
  return { text: raw.subarray(0, end).toString("latin1"), bodyStart: end + 4 };
}

function countNewlines(buffer: Buffer): number {
  let count = 0;
  for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) count += 1;
  return count;
}
