import { mkdtempSync, rmSync, writeFileSync, createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { readLineBatches, readLines } from "./lines.ts";

const dir = mkdtempSync(path.join(tmpdir(), "sg-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What readline (crlfDelay: Infinity) makes of the file, numbered, blank lines left out. */
async function viaReadline(file: string): Promise<{ line: number; text: string }[]> {
  const out: { line: number; text: string }[] = [];
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() !== "") out.push({ line, text });
  }
  return out;
}

async function viaBatches(file: string, chunkBytes: number): Promise<{ line: number; text: string }[]> {
  const out: { line: number; text: string }[] = [];
  for await (const batch of readLineBatches(file, file, chunkBytes)) out.push(...batch);
  return out;
}

describe("readLineBatches", () => {
  it("numbers and splits lines exactly as readline does, whatever the chunk boundaries", async () => {
    // Seeded so a failure replays: \n, \r\n and lone \r endings, blank lines, multi-byte characters.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = ['{"a":1}', "é€😀", "  ", "", "x", "\r", "\n", "\r\n", "\n\n", "\r\r\n"];
    for (let round = 0; round < 40; round += 1) {
      let text = "";
      const length = 1 + Math.floor(random() * 60);
      for (let i = 0; i < length; i += 1) text += pieces[Math.floor(random() * pieces.length)];
      const file = path.join(dir, `fuzz-${round}.txt`);
      writeFileSync(file, text);
      const expected = await viaReadline(file);
      for (const chunkBytes of [1, 2, 3, 7, 64 * 1024])
        expect(await viaBatches(file, chunkBytes), `round ${round}, chunks of ${chunkBytes}`).toEqual(
          expected,
        );
    }
  });

  it("yields a last line that has no line end", async () => {
    const file = path.join(dir, "no-end.txt");
    writeFileSync(file, '{"a":1}\n\n{"b":2}');
    const lines = [];
    for await (const l of readLines(file)) lines.push(l);
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":2}' },
    ]);
  });

  it("reports a file it cannot read as SG_FILE_NOT_FOUND naming the label", async () => {
    const read = async () => {
      for await (const _ of readLines(path.join(dir, "missing.ndjson"), "capture missing.ndjson"));
    };
    await expect(read()).rejects.toMatchObject({
      code: "SG_FILE_NOT_FOUND",
      message: /capture missing\.ndjson/,
    });
  });
});
