import { describe, expect, it } from "vitest";
import { isShadowgateError } from "../errors.ts";
import { effectiveConnections, toCannonOptions } from "./load-options.ts";
import type { LoadOptions } from "./load-options.ts";

const base: LoadOptions = {
  url: "http://127.0.0.1:8000",
  path: "/v2/builds?state=running",
  route: "builds",
  series: "valid",
  durationSec: 1,
  connections: 4,
};

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("toCannonOptions", () => {
  it("joins base url and path, keeps the query, and defaults to GET", () => {
    const o = toCannonOptions(base);
    expect(o.url).toBe("http://127.0.0.1:8000/v2/builds?state=running");
    expect(o.method).toBe("GET");
    expect(o).not.toHaveProperty("overallRate");
  });

  it("passes the overall rate and leaves coordinated-omission correction to us", () => {
    const o = toCannonOptions({ ...base, rate: 50, method: "post", body: "{}" });
    expect(o).toMatchObject({ overallRate: 50, ignoreCoordinatedOmission: true, method: "POST", body: "{}" });
  });

  it.each([
    ["a fractional rate (autocannon splits integers over connections)", { rate: 2.5 }],
    ["zero connections", { connections: 0 }],
    ["a non-positive duration", { durationSec: 0 }],
    ["an unknown method", { method: "FETCH" }],
    ["a relative path", { path: "v2/builds" }],
    ["a non-http url", { url: "ftp://127.0.0.1" }],
  ])("rejects %s as a caller bug", (_name, patch) => {
    expect(
      isShadowgateError(
        errorOf(() => toCannonOptions({ ...base, ...patch })),
        "SG_INTERNAL",
      ),
    ).toBe(true);
  });
});

describe("effectiveConnections", () => {
  it("is capped by the rate, as autocannon opens at most one connection per req/s", () => {
    expect(effectiveConnections({ ...base, connections: 8, rate: 5 })).toBe(5);
    expect(effectiveConnections({ ...base, connections: 8 })).toBe(8);
  });
});
