import { describe, expect, it } from "vitest";
import { upstreamPathV0 } from "./upstream-uri.ts";

describe("upstreamPathV0 (Kong path_handling v0)", () => {
  it.each([
    // strip_path, matched, request, service path, expected
    [true, "/orders", "/orders", "/", "/"],
    [true, "/orders", "/orders/42", "/", "/42"],
    [true, "/orders", "/orders/42", "/v1", "/v1/42"],
    [true, "/orders", "/orders", "/v1", "/v1"],
    [true, "/orders", "/orders/", "/v1", "/v1/"],
    [true, "/orders", "/orders", "/v1/", "/v1"],
    [true, "/orders", "/orders/", "/v1/", "/v1/"],
    [true, "/orders", "/ordersX", "/v1", "/v1/X"],
    [true, "/orders", "/ordersX", "/v1/", "/v1/X"],
    [false, "/orders", "/orders/42", "/v1", "/v1/orders/42"],
    [false, "/orders", "/orders/42", "/v1/", "/v1/orders/42"],
    [false, "/", "/", "/v1", "/v1"],
    [false, "/orders", "/orders/42", "/", "/orders/42"],
  ])("strip=%s matched=%s %s + %s → %s", (strip, matched, req, base, expected) => {
    expect(upstreamPathV0(strip, matched, req, base)).toBe(expected);
  });
});
