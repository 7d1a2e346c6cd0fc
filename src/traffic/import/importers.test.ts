import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importGoReplay } from "./goreplay.ts";
import { importHar } from "./har.ts";
import { importKongLog } from "./kong-log.ts";
import type { ImportItem } from "./types.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

const fixture = (name: string) => path.resolve(import.meta.dirname, "../../../fixtures/captures", name);

async function all(source: AsyncIterable<ImportItem>): Promise<ImportItem[]> {
  const out: ImportItem[] = [];
  for await (const item of source) out.push(item);
  return out;
}

function temp(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "sg-import-")), name);
  writeFileSync(file, text);
  return file;
}

describe("Kong file-log / http-log importer (kong.md §8)", () => {
  it("reads one record per line and http-log batches (arrays), with consumer and route", async () => {
    const items = await all(importKongLog(fixture("kong-file-log.ndjson")));
    expect(items).toHaveLength(8);
    expect(items.map((i) => i.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 7]);
    expect(items[3]?.exchange).toMatchObject({
      method: "POST",
      path: "/deploy/staging",
      query: "pipeline=docs-site",
      response: { status: 403, latencyMs: 2 },
      consumer: { username: "pipeline-docs-site" },
      route: "deploy",
    });
    expect(items[3]?.exchange?.headers.authorization).toBe("REDACTED");
  });

  it("names what is missing in a record that is not Kong's", async () => {
    const items = await all(importKongLog(temp("k.ndjson", '{"request":{"method":"GET"}}\n{oops\n')));
    expect(items.map((i) => i.problem)).toEqual([
      "request.uri and request.method are required (a Kong 3.x log record)",
      expect.stringMatching(/^not JSON/),
    ]);
  });
});

describe("HAR 1.2 importer", () => {
  it("streams log.entries with the line each entry starts on", async () => {
    const items = await all(importHar(fixture("buildkite-jobs.har")));
    expect(items).toHaveLength(7);
    expect(items[0]?.line).toBeGreaterThan(1);
    expect(items[2]?.exchange).toMatchObject({
      method: "POST",
      path: "/deploy/staging",
      query: "pipeline=web-frontend",
    });
    expect(items[6]?.exchange?.response).toBeUndefined();
  });

  it("finds entries whatever comes first, and keeps braces inside strings as text", async () => {
    const har = {
      log: {
        creator: { name: "x", comment: 'a } ] { [ " brace' },
        entries: [
          {
            startedDateTime: "2026-11-20T09:30:00.000Z",
            time: 5,
            request: {
              method: "GET",
              url: "http://h/a?x={1}",
              headers: [{ name: ":authority", value: "h" }],
            },
            response: { status: 200 },
          },
        ],
      },
    };
    const items = await all(importHar(temp("a.har", JSON.stringify(har))));
    expect(items).toHaveLength(1);
    expect(items[0]?.exchange).toMatchObject({
      path: "/a",
      query: "x={1}",
      headers: {},
      response: { status: 200, latencyMs: 5 },
    });
  });

  it("refuses a file without log.entries", async () => {
    await expect(all(importHar(temp("b.har", '{"log":{}}')))).rejects.toThrow(/no "log.entries" array/);
  });
});

describe("GoReplay importer (peers.md §1.1)", () => {
  it("pairs each request (type 1) with its original response (type 2) by id", async () => {
    const items = await all(importGoReplay(fixture("buildkite-jobs.gor")));
    expect(items.map((i) => [i.exchange?.method, i.exchange?.path, i.exchange?.response?.status])).toEqual([
      ["GET", "/artifacts/payments-api/4182/manifest.json", 200],
      ["POST", "/deploy/staging", 202],
      ["GET", "/deploy/staging/status", 401],
    ]);
    expect(items[0]?.exchange?.at).toBe("2026-11-20T09:30:00.000Z");
    expect(items[1]?.exchange?.body?.toString()).toBe('{"build":917,"step":"deploy"}');
    expect(items[1]?.exchange?.response?.latencyMs).toBe(48);
  });
});
