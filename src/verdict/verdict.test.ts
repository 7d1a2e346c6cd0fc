import { describe, expect, it } from "vitest";
import { decideVerdict, verdictExitCode } from "./verdict.ts";

describe("decideVerdict", () => {
  const pass = { id: "a", status: "pass", summary: "" } as const;
  const fail = { id: "b", status: "fail", summary: "" } as const;
  const skip = { id: "c", status: "skip", summary: "" } as const;

  it("is ready only when nothing failed and the run completed", () => {
    expect(decideVerdict([pass, skip], true)).toBe("ready");
    expect(decideVerdict([pass, fail], true)).toBe("not-ready");
  });

  it("never reports ready for an incomplete run, even with all checks passing", () => {
    expect(decideVerdict([pass], false)).toBe("incomplete");
    expect(verdictExitCode("incomplete")).toBe(4);
  });
});
