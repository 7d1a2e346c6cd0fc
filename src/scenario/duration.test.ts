import { describe, expect, it } from "vitest";
import { parseDurationMs } from "./duration.ts";

describe("parseDurationMs", () => {
  it("reads units people write in scenarios", () => {
    expect(parseDurationMs("250ms")).toBe(250);
    expect(parseDurationMs("2s")).toBe(2000);
    expect(parseDurationMs("1.5m")).toBe(90_000);
    expect(parseDurationMs("500us")).toBe(0.5);
    expect(parseDurationMs(3)).toBe(3000);
  });

  it("refuses a bare number string, so a missing unit is never guessed", () => {
    expect(() => parseDurationMs("10")).toThrow(/not a duration/);
  });
});
