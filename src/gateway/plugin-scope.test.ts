import { describe, expect, it } from "vitest";
import type { KongPlugin } from "../kong/types.ts";
import { PluginIndex } from "./plugin-scope.ts";

const plugin = (
  id: string,
  scope: { route?: string; service?: string; consumer?: string },
  enabled = true,
): KongPlugin => ({
  id,
  name: "rate-limiting",
  config: {},
  enabled,
  protocols: ["http", "https"],
  ...(scope.route ? { route: { id: scope.route } } : {}),
  ...(scope.service ? { service: { id: scope.service } } : {}),
  ...(scope.consumer ? { consumer: { id: scope.consumer } } : {}),
});

describe("plugin scope precedence (kong.md §7.1)", () => {
  const all = [
    plugin("global", {}),
    plugin("S", { service: "s" }),
    plugin("R", { route: "r" }),
    plugin("C", { consumer: "c" }),
    plugin("RS", { route: "r", service: "s" }),
    plugin("SC", { service: "s", consumer: "c" }),
    plugin("RC", { route: "r", consumer: "c" }),
    plugin("RSC", { route: "r", service: "s", consumer: "c" }),
  ];

  it("walks the 8 levels from most to least specific", () => {
    const order = ["RSC", "RC", "SC", "RS", "C", "R", "S", "global"];
    for (let i = 0; i < order.length; i++) {
      const index = new PluginIndex(all.filter((p) => order.slice(i).includes(p.id)));
      expect(index.lookup("rate-limiting", "r", "s", "c")?.id).toBe(order[i]);
    }
  });

  it("ignores consumer levels without a consumer and skips disabled configs", () => {
    const index = new PluginIndex([
      ...all.filter((p) => p.id !== "RS"),
      plugin("R-off", { route: "r" }, false),
    ]);
    expect(index.lookup("rate-limiting", "r", "s", undefined)?.id).toBe("R");
    expect(
      new PluginIndex([plugin("R", { route: "r" }, false), plugin("g", {})]).lookup("rate-limiting", "r", "s")
        ?.id,
    ).toBe("g");
  });
});
