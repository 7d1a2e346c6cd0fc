import { describe, expect, it } from "vitest";
import { isShadowgateError } from "../errors.ts";
import { blockRoute, probePathFor, redirectUpstreams, swapTrustedKeys, upstreamOrigins } from "./patch.ts";

const doc = () => ({
  _format_version: "3.0",
  services: [
    {
      name: "artifacts",
      url: "http://artifacts.internal:8080/v1",
      routes: [{ name: "artifacts", paths: ["/artifacts"], plugins: [{ name: "jwt" }] }],
    },
    { name: "deploy", host: "deploy.internal", routes: [] },
  ],
  routes: [{ name: "deploy", service: "deploy", paths: ["~/deploy/\\d+$", "/deploy"] }],
  consumers: [
    {
      username: "buildkite",
      jwt_secrets: [
        { key: "https://agent.buildkite.com", algorithm: "RS256", rsa_public_key: "REAL" },
        { key: "legacy", algorithm: "HS256", secret: "s" },
      ],
    },
  ],
});

describe("shadow patches", () => {
  it("swaps the key of RS256 credentials only, leaving the input untouched", () => {
    const input = doc();
    const { doc: patched, swapped } = swapTrustedKeys(input, "HARNESS");
    expect(swapped).toEqual(["https://agent.buildkite.com"]);
    const secrets = (patched.consumers as { jwt_secrets: Record<string, unknown>[] }[])[0]?.jwt_secrets;
    expect(secrets?.[0]?.rsa_public_key).toBe("HARNESS");
    expect(secrets?.[1]?.secret).toBe("s");
    expect(input.consumers[0]?.jwt_secrets[0]?.rsa_public_key).toBe("REAL");
  });

  it("refuses to swap a credential the config does not have", () => {
    try {
      swapTrustedKeys(doc(), "K", ["missing"]);
      expect.unreachable();
    } catch (error) {
      expect(isShadowgateError(error, "SG_SCENARIO_INVALID")).toBe(true);
    }
  });

  it("points each upstream origin at its mock and keeps the service path", () => {
    expect(upstreamOrigins(doc())).toEqual(["http://artifacts.internal:8080", "http://deploy.internal:80"]);
    const mocks = new Map([
      ["http://artifacts.internal:8080", "http://127.0.0.1:4001"],
      ["http://deploy.internal:80", "http://127.0.0.1:4002"],
    ]);
    const services = redirectUpstreams(doc(), mocks).services as Record<string, unknown>[];
    expect(services[0]).toMatchObject({ protocol: "http", host: "127.0.0.1", port: 4001, path: "/v1" });
    expect(services[0]).not.toHaveProperty("url");
    expect(services[1]).toMatchObject({ host: "127.0.0.1", port: 4002 });
  });

  it("blocks a route, nested or top-level, with request-termination", () => {
    const blocked = blockRoute(doc(), "deploy", { status_code: 503 });
    const route = (blocked.routes as Record<string, unknown>[])[0];
    expect(route?.plugins).toEqual([{ name: "request-termination", config: { status_code: 503 } }]);
    const nested = blockRoute(doc(), "artifacts", { status_code: 451, message: "blocked" });
    const services = nested.services as { routes: { plugins: unknown[] }[] }[];
    expect(services[0]?.routes[0]?.plugins).toHaveLength(2);
  });

  it("probes a route on its first plain path, never a regex", () => {
    expect(probePathFor(doc(), "deploy")).toBe("/deploy");
  });
});
