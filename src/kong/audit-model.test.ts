import { describe, expect, it } from "vitest";
import { buildAuditModel } from "./audit-model.ts";
import { parseDeclarativeConfig } from "./declarative.ts";

const config = parseDeclarativeConfig({
  _format_version: "3.0",
  services: [
    {
      name: "api",
      url: "http://api.internal",
      plugins: [{ name: "jwt", config: { maximum_expiration: 0 }, tags: ["service"] }],
      routes: [
        { name: "route-level", paths: ["/r"], plugins: [{ name: "jwt", tags: ["route"] }] },
        { name: "service-level", paths: ["/s"] },
      ],
    },
    { name: "other", url: "http://other.internal", routes: [{ name: "global-level", paths: ["/g"] }] },
  ],
  consumers: [{ username: "alice" }],
  plugins: [
    { name: "jwt", tags: ["global"] },
    { name: "jwt", route: "service-level", service: "other", tags: ["mismatched-combo"] },
    { name: "rate-limiting", consumer: "alice", config: { minute: 5 } },
    { name: "key-auth", protocols: ["grpc"] },
  ],
});
const model = buildAuditModel(config);
const route = (name: string) => config.routes.find((r) => r.name === name)!;
const tagOf = (name: string, plugin: string) => model.effectivePlugins(route(name)).get(plugin)?.tags?.[0];

describe("buildAuditModel plugin scope (kong.md §7.1 precedence without consumers)", () => {
  it("prefers the route's plugin, then the service's, then the global one", () => {
    expect(tagOf("route-level", "jwt")).toBe("route");
    expect(tagOf("service-level", "jwt")).toBe("service");
    expect(tagOf("global-level", "jwt")).toBe("global");
  });

  it("ignores a route+service plugin whose service is not the route's, consumer-scoped and grpc-only plugins", () => {
    expect(model.effectivePlugins(route("service-level")).has("rate-limiting")).toBe(false);
    expect(model.effectivePlugins(route("global-level")).has("key-auth")).toBe(false);
  });

  it("names plugins by scope", () => {
    const global = config.plugins.find((p) => p.tags?.[0] === "global")!;
    expect(model.describePlugin(global)).toBe("global plugin jwt");
    const combo = config.plugins.find((p) => p.tags?.[0] === "mismatched-combo")!;
    expect(model.describePlugin(combo)).toBe("plugin jwt on route service-level and service other");
    const perConsumer = config.plugins.find((p) => p.name === "rate-limiting")!;
    expect(model.describePlugin(perConsumer)).toBe("plugin rate-limiting on consumer alice");
  });
});
