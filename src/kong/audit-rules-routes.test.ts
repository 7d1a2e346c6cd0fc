import { describe, expect, it } from "vitest";
import { findingsOf, jwt, oneRoute, rsaConsumer, summaryOf } from "./audit-fixtures.test-support.ts";

const ORG = "0184990a-477b-4fa8-9968-4960744830aa";
const acl = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: "acl",
  config,
  ...extra,
});

describe("restricted routes without acl", () => {
  const consumers = [rsaConsumer("acme", ORG, { acls: [{ group: "deployers" }] })];

  it("reports a restricted route with auth but no acl as high", () => {
    const f = findingsOf(oneRoute([jwt()], { consumers }), "restricted-route-without-acl", {
      restrictedRoutes: ["api"],
    });
    expect(summaryOf(f)).toEqual(["high restricted-route-without-acl @ route api"]);
  });

  it("accepts an acl on the route, on its service, or global", () => {
    const onRoute = oneRoute([jwt(), acl({ allow: ["deployers"] })], { consumers });
    const global = oneRoute([jwt()], { consumers, plugins: [acl({ allow: ["deployers"] })] });
    const onService = oneRoute([jwt()], {
      consumers,
      plugins: [acl({ allow: ["deployers"] }, { service: "api" })],
    });
    for (const doc of [onRoute, global, onService])
      expect(findingsOf(doc, "restricted-route-without-acl", { restrictedRoutes: ["api"] })).toEqual([]);
  });

  it("does not count a disabled acl", () => {
    const doc = oneRoute([jwt(), acl({ allow: ["deployers"] }, { enabled: false })], { consumers });
    expect(findingsOf(doc, "restricted-route-without-acl", { restrictedRoutes: ["api"] })).toHaveLength(1);
  });

  it("does not count an acl bound to another service's routes", () => {
    const doc = oneRoute([jwt()], {
      consumers,
      routes: [
        { name: "other", paths: ["/other"], service: "api", plugins: [acl({ allow: ["deployers"] })] },
      ],
    });
    expect(findingsOf(doc, "restricted-route-without-acl", { restrictedRoutes: ["api"] })).toHaveLength(1);
  });

  it("ignores routes the access matrix does not restrict, and reports unknown names", () => {
    const doc = oneRoute([jwt()], { consumers });
    expect(findingsOf(doc, "restricted-route-without-acl")).toEqual([]);
    expect(summaryOf(findingsOf(doc, "restricted-route-unknown", { restrictedRoutes: ["deplyo"] }))).toEqual([
      "low restricted-route-unknown @ route deplyo",
    ]);
  });
});

describe("anonymous fallback", () => {
  const guest = { username: "guest" };

  it("reports jwt with anonymous and no acl as high", () => {
    const doc = oneRoute([jwt(), { name: "key-auth", config: { anonymous: "guest", key_in_query: false } }], {
      consumers: [guest],
    });
    // jwt without anonymous still demands a token (AND mode): no finding
    expect(findingsOf(doc, "auth-anonymous-fallback-unrestricted")).toEqual([]);
    const open = oneRoute([jwt({ anonymous: "guest", claims_to_verify: ["exp", "nbf"] })], {
      consumers: [guest],
    });
    const f = findingsOf(open, "auth-anonymous-fallback-unrestricted");
    expect(summaryOf(f)).toEqual([
      "high auth-anonymous-fallback-unrestricted @ route api (plugin jwt on route api, anonymous: guest)",
    ]);
    expect(f[0]!.title).toContain("no acl");
  });

  it("accepts an acl in allow mode that the anonymous consumer is not in", () => {
    const doc = oneRoute([jwt({ anonymous: "guest" }), acl({ allow: ["deployers"] })], {
      consumers: [guest],
    });
    expect(findingsOf(doc, "auth-anonymous-fallback-unrestricted")).toEqual([]);
  });

  it("reports an acl that admits the anonymous consumer (allow with its group, or deny mode)", () => {
    const member = { username: "guest", acls: [{ group: "readers" }] };
    const allowing = oneRoute([jwt({ anonymous: "guest" }), acl({ allow: ["readers"] })], {
      consumers: [member],
    });
    // kong.md §3.1: deny mode admits a consumer with no groups
    const denying = oneRoute([jwt({ anonymous: "guest" }), acl({ deny: ["blocked"] })], {
      consumers: [guest],
    });
    for (const doc of [allowing, denying]) {
      const f = findingsOf(doc, "auth-anonymous-fallback-unrestricted");
      expect(f).toHaveLength(1);
      expect(f[0]!.title).toContain("the acl admits the anonymous consumer");
    }
  });

  it("resolves anonymous given as a consumer id", () => {
    const id = "4f8b0e2c-9c1d-4a3e-8f7a-1b2c3d4e5f60";
    const doc = oneRoute([{ name: "key-auth", config: { anonymous: id, key_in_query: false } }], {
      consumers: [{ username: "guest", id }],
    });
    expect(findingsOf(doc, "auth-anonymous-fallback-unrestricted")).toHaveLength(1);
    expect(findingsOf(doc, "auth-anonymous-consumer-missing")).toEqual([]);
  });

  it("reports an anonymous consumer the config does not define (Kong 3.9.3 answers 500)", () => {
    const doc = oneRoute([jwt({ anonymous: "nobody" })]);
    expect(summaryOf(findingsOf(doc, "auth-anonymous-consumer-missing"))).toEqual([
      "low auth-anonymous-consumer-missing @ plugin jwt on route api (anonymous: nobody)",
    ]);
    expect(findingsOf(doc, "auth-anonymous-fallback-unrestricted")).toEqual([]);
  });
});

describe("unauthenticated twin routes", () => {
  const twin = (plugins: Record<string, unknown>[]) =>
    oneRoute([jwt()], { routes: [{ name: "twin", paths: ["/twin"], service: "api", plugins }] });

  it("reports a route without auth to a service another route protects, saying it may be intentional", () => {
    const f = findingsOf(twin([]), "route-unauthenticated-twin");
    expect(summaryOf(f)).toEqual(["medium route-unauthenticated-twin @ route twin"]);
    expect(f[0]!.title).toBe(
      "route twin reaches service api without auth, unlike api (may be intentional, e.g. a health or bench route)",
    );
  });

  it("lowers to low behind ip-restriction and skips routes request-termination answers", () => {
    const ip = findingsOf(
      twin([{ name: "ip-restriction", config: { allow: ["10.0.0.0/8"] } }]),
      "route-unauthenticated-twin",
    );
    expect(ip[0]!.severity).toBe("low");
    expect(findingsOf(twin([{ name: "request-termination" }]), "route-unauthenticated-twin")).toEqual([]);
  });

  it("still reports a twin whose request-termination only fires on a trigger header", () => {
    const triggered = twin([{ name: "request-termination", config: { trigger: "x-maintenance" } }]);
    expect(findingsOf(triggered, "route-unauthenticated-twin")).toHaveLength(1);
  });

  it("is not reported when the auth plugin sits on the service, nor for a service no route protects", () => {
    const serviceWide = {
      _format_version: "3.0",
      services: [
        {
          name: "api",
          url: "http://api.internal",
          plugins: [jwt()],
          routes: [
            { name: "a", paths: ["/a"] },
            { name: "b", paths: ["/b"] },
          ],
        },
        { name: "health", url: "http://health.internal", routes: [{ name: "health", paths: ["/health"] }] },
      ],
    };
    expect(findingsOf(serviceWide, "route-unauthenticated-twin")).toEqual([]);
  });
});
