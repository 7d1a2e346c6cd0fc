import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CaptureJobSchema,
  CaptureRecordSchema,
  captureJsonSchema,
  plainCaptureRecord,
} from "./capture-schema.ts";

describe("published capture JSON Schema", () => {
  it("docs/capture.schema.json is generated from the zod schema (regenerate with npm run schema:capture)", () => {
    const committed: unknown = JSON.parse(
      readFileSync(new URL("../../docs/capture.schema.json", import.meta.url), "utf8"),
    );
    expect(committed).toEqual(captureJsonSchema());
  });

  it("requires the version and refuses unknown keys", () => {
    expect(captureJsonSchema()).toMatchObject({
      additionalProperties: false,
      required: expect.arrayContaining(["v", "at", "method", "path"]),
    });
  });
});

describe("plainCaptureRecord (the reader's fast path)", () => {
  const job = {
    organization: "acme-inc",
    pipeline: "web",
    build: 12,
    job: "019b7a3b-1f22-4c8e-9d10-000000000001",
    step: "test",
    branch: "main",
    commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
  };
  const bases: Record<string, unknown>[] = [
    { v: 1, at: "2026-11-20T09:30:00.000Z", method: "GET", path: "/artifacts/a.json" },
    {
      v: 1,
      at: "2026-11-20T09:30:00+01:00",
      method: "POST",
      path: "/deploy",
      query: "a=1",
      headers: { accept: "application/json", "2": "x", "user-agent": "buildkite-agent/3" },
      body: "e30=",
      bodyBytes: 2,
      job: { ...job, tag: "v1.0.0", step: null },
      response: { status: 201, latencyMs: 4.5 },
      source: "fixture",
    },
    {
      source: "x",
      response: { latencyMs: 0, status: 404 },
      job,
      path: "/",
      method: "PUT",
      at: "2024-02-29T23:59:59Z",
      v: 1,
    },
  ];
  const values: unknown[] = [
    undefined,
    null,
    "",
    "x",
    "GET",
    "get",
    "/",
    "/a",
    "a",
    0,
    -0,
    1,
    -1,
    1.5,
    99,
    100,
    599,
    600,
    2 ** 53,
    Infinity,
    NaN,
    true,
    [],
    ["x"],
    {},
    { a: "b" },
    { a: 1 },
    "2026-11-20T09:30:00Z",
    "2026-02-30T00:00:00Z",
    "2026-11-20 09:30:00Z",
    "abcdef1",
    "ABCDEF1",
    "9f31820",
    { ...job },
    { status: 200 },
    { status: 200, x: 1 },
  ];
  const fields: (readonly string[])[] = [
    ...Object.keys(CaptureRecordSchema.shape).map((k) => [k]),
    ["unknown"],
    ...Object.keys(CaptureJobSchema.shape).map((k) => ["job", k]),
    ["job", "extra"],
    ["response", "status"],
    ["response", "latencyMs"],
    ["response", "extra"],
    ["headers", "accept"],
    ["headers", "10"],
  ];

  function mutate(record: Record<string, unknown>, at: readonly string[], value: unknown): void {
    let target = record;
    for (const key of at.slice(0, -1)) {
      const next = target[key];
      if (typeof next !== "object" || next === null || Array.isArray(next)) return;
      target = next as Record<string, unknown>;
    }
    const key = at[at.length - 1]!;
    if (value === undefined) delete target[key];
    else target[key] = structuredClone(value);
  }

  function expectSameAsZod(input: unknown): boolean {
    const fast = plainCaptureRecord(input);
    const zod = CaptureRecordSchema.safeParse(input);
    if (fast === undefined) return false;
    expect(zod.success, JSON.stringify(input)).toBe(true);
    expect(fast).toStrictEqual(zod.data);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
    return true;
  }

  it("accepts only what zod accepts, and builds the same record (key order included)", () => {
    // mulberry32: a seeded generator whose low bits are as random as its high ones.
    let seed = 11;
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    let fastAccepted = 0;
    let zodAccepted = 0;
    for (const base of bases) expect(expectSameAsZod(structuredClone(base))).toBe(true);
    for (let i = 0; i < 30_000; i += 1) {
      const record = structuredClone(bases[random(bases.length)]!);
      for (let m = 0, n = 1 + random(3); m < n; m += 1)
        mutate(record, fields[random(fields.length)]!, values[random(values.length)]);
      if (expectSameAsZod(record)) fastAccepted += 1;
      if (CaptureRecordSchema.safeParse(record).success) zodAccepted += 1;
    }
    expect(fastAccepted).toBeGreaterThan(3000);
    expect(zodAccepted - fastAccepted).toBeLessThan(zodAccepted / 4);
  });

  it("leaves auth descriptors, __proto__ keys and out-of-range numbers to zod", () => {
    const line = (extra: string) =>
      JSON.parse(`{"v":1,"at":"2026-11-20T09:30:00Z","method":"GET","path":"/"${extra}}`) as unknown;
    expect(plainCaptureRecord(line(`,"auth":[{"from":"authorization"}]`))).toBeUndefined();
    expect(plainCaptureRecord(line(`,"headers":{"__proto__":"x"}`))).toBeUndefined();
    expect(plainCaptureRecord(line(`,"__proto__":{}`))).toBeUndefined();
    expect(plainCaptureRecord(line(`,"bodyBytes":1e999`))).toBeUndefined();
    expect(plainCaptureRecord(line(`,"response":{"status":200,"latencyMs":1e999}`))).toBeUndefined();
    for (const extra of [`,"headers":{"__proto__":"x"}`, `,"__proto__":{}`, `,"bodyBytes":1e999`]) {
      const input = line(extra);
      expect(plainCaptureRecord(input) ?? CaptureRecordSchema.safeParse(input).success).toBeDefined();
    }
  });
});
