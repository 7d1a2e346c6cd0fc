import { describe, expect, it } from "vitest";
import { parseCompare } from "./kinds.ts";
import { restoreFilePath } from "./restore-file.ts";
import { checkTargetFlags } from "./select.ts";
import { withHost } from "./types.ts";

describe("target flags", () => {
  it("--compare takes two different known targets", () => {
    expect(parseCompare("embedded,docker")).toEqual(["embedded", "docker"]);
    expect(parseCompare(" embedded , url ")).toEqual(["embedded", "url"]);
    for (const bad of ["embedded", "embedded,embedded", "embedded,kong", "a,b,c"])
      expect(() => parseCompare(bad), bad).toThrow(expect.objectContaining({ code: "SG_USAGE" }) as Error);
  });

  it("refuses a flag meant for another target instead of ignoring it", () => {
    expect(() => checkTargetFlags(["embedded"], { kongImage: "kong:3.9" })).toThrow(
      "--kong-image applies to --target docker only",
    );
    expect(() => checkTargetFlags(["docker"], { proxyUrl: "http://k:8000" })).toThrow("--proxy-url");
    expect(() => checkTargetFlags(["embedded", "url"], { proxyUrl: "http://k:8000" })).not.toThrow();
  });
});

describe("target plumbing", () => {
  it("points mock URLs at the host a gateway elsewhere reaches this machine by, keeping ports", () => {
    const urls = new Map([["http://deploy.acme.internal:8080", "http://127.0.0.1:20001"]]);
    expect([...withHost(urls, "host.testcontainers.internal")]).toEqual([
      ["http://deploy.acme.internal:8080", "http://host.testcontainers.internal:20001"],
    ]);
  });

  it("keeps one restore file per gateway, named after its Admin API address", () => {
    expect(restoreFilePath(".shadowgate", "http://127.0.0.1:8001")).toBe(
      ".shadowgate/restore-127.0.0.1-8001.json",
    );
    expect(restoreFilePath("/s", "https://kong.internal/admin/")).toBe(
      "/s/restore-kong.internal-443-admin.json",
    );
  });
});
