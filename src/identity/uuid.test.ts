import { describe, expect, it } from "vitest";
import { derivedUuid, uuidV7 } from "./uuid.ts";

describe("uuidV7", () => {
  it("puts the millisecond timestamp first and sets version 7 and the RFC variant", () => {
    const id = uuidV7(0x019b7a3c5d2e, new Uint8Array(10).fill(0xff));
    expect(id).toBe("019b7a3c-5d2e-7fff-bfff-ffffffffffff");
  });

  it("sorts by time", () => {
    const random = new Uint8Array(10);
    expect(uuidV7(1_000, random) < uuidV7(2_000, random)).toBe(true);
  });
});

describe("derivedUuid", () => {
  it("is stable per input, distinct across inputs, and version 8", () => {
    expect(derivedUuid("agent", "job-1")).toBe(derivedUuid("agent", "job-1"));
    expect(derivedUuid("agent", "job-1")).not.toBe(derivedUuid("agent", "job-2"));
    expect(derivedUuid("a")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
