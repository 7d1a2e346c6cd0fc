import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, ShadowgateError, toShadowgateError } from "./errors.ts";

const doc = readFileSync(new URL("../docs/errors.md", import.meta.url), "utf8");
const rows = [...doc.matchAll(/^\|\s*`(SG_[A-Z_]+)`\s*\|\s*(\d)\s*\|/gm)].map(
  (m) => [m[1] ?? "", Number(m[2])] as const,
);
const documented = new Map(rows);

describe("error registry", () => {
  it("documents every code with its exit code in docs/errors.md", () => {
    for (const [code, spec] of Object.entries(ERROR_CODES))
      expect(documented.get(code), code).toBe(spec.exitCode);
  });

  it("documents each code once", () => {
    expect(rows.length).toBe(documented.size);
  });

  it("documents no code that does not exist", () => {
    expect([...documented.keys()].filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });

  it("prefixes input errors with file:line:column", () => {
    const error = new ShadowgateError("SG_SCENARIO_INVALID", "identity.lifetme: unknown key", {
      location: { file: "s.yaml", line: 7, column: 3 },
    });
    expect(error.message).toBe("s.yaml:7:3: identity.lifetme: unknown key");
    expect(error.exitCode).toBe(2);
  });

  it("turns unknown crashes into SG_INTERNAL, which never maps to ready", () => {
    const error = toShadowgateError(new TypeError("boom"));
    expect(error.code).toBe("SG_INTERNAL");
    expect(error.exitCode).toBe(4);
  });
});
