import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createReadStats, readCapture, readCaptureBatches } from "./capture-reader.ts";

const good = JSON.stringify({ v: 1, at: "2026-11-20T09:30:00.000Z", method: "GET", path: "/a" });

function captureFile(lines: string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "sg-capture-")), "c.ndjson");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

async function readAll(file: string) {
  const out = [];
  for await (const entry of readCapture(file)) out.push(entry);
  return out;
}

describe("readCapture", () => {
  it("streams records with their line numbers, skipping blank lines", async () => {
    const entries = await readAll(captureFile([good, "", good]));
    expect(entries.map((e) => e.line)).toEqual([1, 3]);
    expect(entries[0]?.record.source).toBe("unknown");
  });

  it("stops at a bad line with file:line", async () => {
    const file = captureFile([good, "{not json"]);
    await expect(readAll(file)).rejects.toThrow(/c\.ndjson:2: not JSON/);
  });

  it("in batches: hands over the records before a bad line, then stops with file:line", async () => {
    const file = captureFile([good, good, "{not json", good]);
    const seen: number[] = [];
    const read = async () => {
      for await (const batch of readCaptureBatches(file)) seen.push(...batch.map((e) => e.line));
    };
    await expect(read()).rejects.toThrow(/c\.ndjson:3: not JSON/);
    expect(seen).toEqual([1, 2]);
  });

  it("refuses a credential stored in clear", async () => {
    const leaked = JSON.stringify({ ...JSON.parse(good), headers: { Authorization: "Bearer x" } });
    await expect(readAll(captureFile([leaked]))).rejects.toThrow(
      /c\.ndjson:1: headers\.Authorization: credentials/,
    );
  });
});

describe("readCapture with onBadLine", () => {
  it("skip: counts bad lines and keeps file:line for the first ones", async () => {
    const file = captureFile([good, "{not json", JSON.stringify({ v: 2 }), good]);
    const stats = createReadStats();
    const out = [];
    for await (const entry of readCapture(file, { onBadLine: "skip", stats })) out.push(entry.line);
    expect(out).toEqual([1, 4]);
    expect(stats).toMatchObject({ records: 2, skipped: 2 });
    expect(stats.problems[1]).toMatch(/c\.ndjson:3: v: /);
  });

  it("refuses a JWT stored in clear anywhere in a record", async () => {
    const leaked = JSON.stringify({ ...JSON.parse(good), query: "jwt=eyJhbGciOi.eyJzdWIiOiJ4In0.c2ln" });
    await expect(readAll(captureFile([leaked]))).rejects.toThrow(/c\.ndjson:1: a JWT is stored in clear/);
  });
});
