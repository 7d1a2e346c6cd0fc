import { describe, expect, it } from "vitest";
import { systemClock } from "../clock.ts";
import { BUNDLED_PLUGIN_PRIORITIES } from "../kong/plugin-catalog.ts";
import { createPlugins } from "./plugin-registry.ts";

describe("plugin execution order", () => {
  it("runs by Kong's priority, highest first (kong.md §9)", () => {
    expect(createPlugins(systemClock).map((p) => `${p.name}:${p.priority}`)).toEqual([
      "correlation-id:100001",
      "jwt:1450",
      "key-auth:1250",
      "acl:950",
      "rate-limiting:910",
      "request-termination:2",
    ]);
  });

  it("uses the same numbers as the bundled-plugin catalogue, all unique", () => {
    for (const p of createPlugins(systemClock)) expect(BUNDLED_PLUGIN_PRIORITIES[p.name]).toBe(p.priority);
    const priorities = Object.values(BUNDLED_PLUGIN_PRIORITIES);
    expect(new Set(priorities).size).toBe(priorities.length);
  });
});
