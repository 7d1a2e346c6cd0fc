import { describe, expect, it } from "vitest";
import { buildKongContainer, kongContainerSpec } from "../../src/targets/container-spec.ts";
import { runtimeCandidates } from "../../src/targets/container-runtime.ts";

/** The container path on every machine: what would be started, checked without a Docker engine. */
describe("the Kong container definition", () => {
  const spec = kongContainerSpec({ configYaml: '_format_version: "3.0"\n' });

  it("is kong:3.9.3, DB-less, with the shadow config copied in and both listeners on 0.0.0.0 (kong.md §7.2)", () => {
    expect(spec.image).toBe("kong:3.9.3");
    expect(spec.env).toMatchObject({
      KONG_DATABASE: "off",
      KONG_DECLARATIVE_CONFIG: "/kong/shadow.yml",
      KONG_PROXY_LISTEN: "0.0.0.0:8000",
      KONG_ADMIN_LISTEN: "0.0.0.0:8001",
    });
    expect(spec.files).toEqual([
      { content: '_format_version: "3.0"\n', target: "/kong/shadow.yml", mode: 0o644 },
    ]);
    expect(spec.exposedPorts).toEqual([8000, 8001]);
    expect(spec.wait).toEqual({ path: "/status", port: 8001, status: 200 });
    expect(kongContainerSpec({ configYaml: "", image: "kong/kong-gateway:3.9" }).image).toBe(
      "kong/kong-gateway:3.9",
    );
  });

  it("becomes a testcontainers GenericContainer with that image, env, copy, ports, wait and timeout", async () => {
    const container = (await buildKongContainer(spec, () => undefined)) as unknown as {
      imageName: { string: string };
      environment: Record<string, string>;
      exposedPorts: number[];
      contentsToCopy: { target: string }[];
      waitStrategy: { path: string; port: number; predicates: unknown[] };
      startupTimeoutMs: number;
      logConsumer: unknown;
    };
    expect(container.imageName.string).toBe("kong:3.9.3");
    expect(container.environment).toEqual(spec.env);
    expect(container.exposedPorts).toEqual([8000, 8001]);
    expect(container.contentsToCopy.map((c) => c.target)).toEqual(["/kong/shadow.yml"]);
    expect(container.waitStrategy).toMatchObject({ path: "/status", port: 8001 });
    expect(container.waitStrategy.predicates).toHaveLength(1);
    expect(container.startupTimeoutMs).toBe(120_000);
    expect(typeof container.logConsumer).toBe("function");
  });

  it("names every place a runtime was looked for, so the exit-3 message says what to fix", () => {
    const tried = runtimeCandidates(
      { DOCKER_HOST: "tcp://10.0.0.9:2375", XDG_RUNTIME_DIR: "/run/user/7" },
      "/home/ci",
    );
    expect(tried).toContain("DOCKER_HOST=tcp://10.0.0.9:2375");
    expect(tried.join("; ")).toContain("/var/run/docker.sock");
    expect(tried.join("; ")).toContain("/run/user/7/docker.sock (missing)");
    expect(tried.join("; ")).toContain("/home/ci/.docker/run/docker.sock");
  });
});
