import { describe, expect, it } from "vitest";
import { systemClock } from "../clock.ts";
import { silentLogger } from "../log.ts";
import { BUNDLED_PLUGIN_PRIORITIES } from "../kong/plugin-catalog.ts";
import { createPlugins, IMPLEMENTED_PLUGIN_NAMES } from "./plugin-registry.ts";

describe("plugin execution order", () => {
  it("runs by Kong's priority, highest first (kong.md §9)", () => {
    expect(
      createPlugins({ clock: systemClock, logger: silentLogger }).map((p) => `${p.name}:${p.priority}`),
    ).toEqual([
      "correlation-id:100001",
      "jwt:1450",
      "key-auth:1250",
      "ip-restriction:990",
      "acl:950",
      "rate-limiting:910",
      "http-log:12",
      "file-log:9",
      "request-termination:2",
    ]);
  });

  it("lists exactly the implemented plugins", () => {
    const names = createPlugins({ clock: systemClock, logger: silentLogger }).map((p) => p.name);
    expect([...names].sort()).toEqual([...IMPLEMENTED_PLUGIN_NAMES].sort());
  });

  it("uses the same numbers as the bundled-plugin catalogue, all unique", () => {
    for (const p of createPlugins({ clock: systemClock, logger: silentLogger }))
      expect(BUNDLED_PLUGIN_PRIORITIES[p.name]).toBe(p.priority);
    const priorities = Object.values(BUNDLED_PLUGIN_PRIORITIES);
    expect(new Set(priorities).size).toBe(priorities.length);
  });
});
