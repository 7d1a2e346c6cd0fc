import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isShadowgateError, type ShadowgateError } from "../errors.ts";
import { EMPTY_CONFIG_HASH } from "./config-hash.ts";
import { parseDeclarativeConfig } from "./declarative.ts";
import { kongEntityId } from "./uuid-v5.ts";

const acme = readFileSync(new URL("../../fixtures/kong/acme-buildkite.yml", import.meta.url), "utf8");

function configError(input: unknown, source?: string): ShadowgateError {
  try {
    parseDeclarativeConfig(input, source === undefined ? {} : { source });
  } catch (e) {
    if (isShadowgateError(e, "SG_KONG_CONFIG_INVALID")) return e;
    throw e;
  }
  throw new Error("expected SG_KONG_CONFIG_INVALID");
}

const details = (input: unknown): { message: string; fields: unknown } => {
  const d = configError(input).details as { message: string; fields: unknown };
  return { message: d.message, fields: d.fields };
};

describe("parseDeclarativeConfig", () => {
  it("loads the acme fixture with Kong defaults, url shorthand and nested entities flattened", () => {
    const c = parseDeclarativeConfig(acme, { source: "acme-buildkite.yml" });
    const artifacts = c.services.find((s) => s.name === "artifacts")!;
    expect(artifacts).toMatchObject({
      protocol: "http",
      host: "artifacts.acme.internal",
      port: 8080,
      path: "/v1",
      connect_timeout: 5000,
      read_timeout: 30000,
      write_timeout: 60000,
      retries: 5,
      enabled: true,
      id: kongEntityId("services", "artifacts"),
    });
    const route = c.routes.find((r) => r.name === "artifacts")!;
    expect(route).toMatchObject({
      service: { id: artifacts.id },
      protocols: ["http", "https"],
      strip_path: true,
      preserve_host: false,
      regex_priority: 0,
      path_handling: "v0",
      https_redirect_status_code: 426,
    });
    const jwt = c.plugins.find((p) => p.route?.id === route.id)!;
    expect(jwt.config).toEqual({
      uri_param_names: [],
      cookie_names: [],
      key_claim_name: "iss",
      secret_is_base64: false,
      claims_to_verify: ["exp", "nbf"],
      run_on_preflight: true,
      maximum_expiration: 7200,
      header_names: ["authorization"],
    });
    expect(c.jwt_secrets[0]).toMatchObject({ key: "https://agent.buildkite.com", algorithm: "RS256" });
    expect(c.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(parseDeclarativeConfig(acme).hash).toBe(c.hash);
  });

  it("resolves top-level references by name or id and keeps ids stable across loads", () => {
    const input = {
      _format_version: "3.0",
      services: [{ name: "orders", host: "orders.internal" }],
      routes: [{ name: "r", service: "orders", paths: ["/o"] }],
      consumers: [{ username: "alice", id: "4f8b0e2c-9c1d-4a3e-8f7a-1b2c3d4e5f60" }],
      jwt_secrets: [{ consumer: "4f8b0e2c-9c1d-4a3e-8f7a-1b2c3d4e5f60", key: "k", secret: "s" }],
      plugins: [{ name: "request-termination", route: "r", config: { status_code: 403 } }],
    };
    const a = parseDeclarativeConfig(input);
    const b = parseDeclarativeConfig(structuredClone(input));
    expect(a.routes[0]!.service).toEqual({ id: a.services[0]!.id });
    expect(a.jwt_secrets[0]!.consumer).toEqual({ id: "4f8b0e2c-9c1d-4a3e-8f7a-1b2c3d4e5f60" });
    expect(a.jwt_secrets[0]!.algorithm).toBe("HS256");
    expect(a.plugins[0]!.route).toEqual({ id: a.routes[0]!.id });
    expect(a.plugins.map((p) => p.id)).toEqual(b.plugins.map((p) => p.id));
    expect(a.hash).toBe(b.hash);
  });

  it("gives the all-zero hash to an empty config", () => {
    expect(parseDeclarativeConfig({ _format_version: "3.0" }).hash).toBe(EMPTY_CONFIG_HASH);
  });

  it("reports missing host and bad port in Kong's exact format", () => {
    expect(details({ _format_version: "3.0", services: [{ name: "x", port: 70000 }] })).toEqual({
      message:
        'declarative config is invalid: {services={{host="required field missing",port="value should be between 0 and 65535"}}}',
      fields: { services: [{ host: "required field missing", port: "value should be between 0 and 65535" }] },
    });
  });

  it("requires a routing attribute on routes", () => {
    const d = details({ _format_version: "3.0", services: [{ host: "h", routes: [{ name: "r" }] }] });
    expect(d.fields).toEqual({
      services: [
        {
          routes: [
            {
              "@entity": [
                "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'",
              ],
            },
          ],
        },
      ],
    });
  });

  it("refuses plugins Kong OSS does not bundle", () => {
    const d = details({ _format_version: "3.0", plugins: [{ name: "jwt" }, { name: "openid-connect" }] });
    expect(d.fields).toEqual({
      plugins: [
        null,
        { name: "plugin 'openid-connect' not enabled; add it to the 'plugins' configuration property" },
      ],
    });
    expect(d.message).toBe(
      "declarative config is invalid: {plugins={[2]={name=\"plugin 'openid-connect' not enabled; add it to the 'plugins' configuration property\"}}}",
    );
  });

  it("validates jwt config fields and the maximum_expiration rule", () => {
    expect(
      details({ _format_version: "3.0", plugins: [{ name: "jwt", config: { leeway: 5 } }] }).fields,
    ).toEqual({
      plugins: [{ config: { leeway: "unknown field" } }],
    });
    expect(
      details({
        _format_version: "3.0",
        plugins: [{ name: "jwt", config: { maximum_expiration: 60, claims_to_verify: ["nbf"] } }],
      }).fields,
    ).toEqual({
      plugins: [
        {
          config: { claims_to_verify: "expected to contain: exp" },
          "@entity": ["failed conditional validation given value of field 'config.maximum_expiration'"],
        },
      ],
    });
    expect(
      details({ _format_version: "3.0", plugins: [{ name: "jwt", config: { maximum_expiration: -1 } }] })
        .fields,
    ).toEqual({ plugins: [{ config: { maximum_expiration: "value should be between 0 and 31536000" } }] });
  });

  it("refuses consumer-scoped jwt", () => {
    expect(
      details({ _format_version: "3.0", consumers: [{ username: "a", plugins: [{ name: "jwt" }] }] }).fields,
    ).toEqual({ consumers: [{ plugins: [{ consumer: "value must be null" }] }] });
  });

  it("needs a parsable rsa_public_key for RS256 credentials", () => {
    const d = details({
      _format_version: "3.0",
      consumers: [{ username: "a", jwt_secrets: [{ key: "k", algorithm: "RS256", rsa_public_key: "nope" }] }],
    });
    expect(d.fields).toEqual({
      consumers: [
        {
          jwt_secrets: [
            {
              rsa_public_key: "invalid key",
              "@entity": ["failed conditional validation given value of field 'algorithm'"],
            },
          ],
        },
      ],
    });
  });

  it("applies request-termination's validation messages", () => {
    const rt = (config: unknown): unknown =>
      details({ _format_version: "3.0", plugins: [{ name: "request-termination", config }] }).fields;
    expect(rt({ message: "m", body: "b" })).toEqual({
      plugins: [{ config: "message cannot be used with content_type or body" }],
    });
    expect(rt({ content_type: "text/plain" })).toEqual({
      plugins: [{ config: "content_type requires a body" }],
    });
    expect(rt({ echo: true, body: "b" })).toEqual({
      plugins: [{ config: "echo cannot be used with content_type and body" }],
    });
    expect(rt({ status_code: 600 })).toEqual({
      plugins: [{ config: { status_code: "value should be between 100 and 599" } }],
    });
  });

  it("rejects duplicate jwt_secrets keys and unknown references", () => {
    expect(
      details({
        _format_version: "3.0",
        consumers: [{ username: "a", jwt_secrets: [{ key: "k" }, { key: "k" }] }],
      }).fields,
    ).toEqual({
      consumers: [
        {
          jwt_secrets: [
            null,
            "uniqueness violation: 'jwt_secrets' entity with key set to 'k' already declared",
          ],
        },
      ],
    });
    expect(
      details({ _format_version: "3.0", routes: [{ name: "r", paths: ["/"], service: "nope" }] }).fields,
    ).toEqual({ routes: { r: ["invalid reference 'service: nope' (no such entry in 'services')"] } });
  });

  it("names file:line of the first error and refuses pre-3.0 formats", () => {
    const yaml =
      '_format_version: "3.0"\nservices:\n  - name: a\n    host: h\n  - name: b\n    host: h\n    port: x\n';
    const e = configError(yaml, "kong.yml");
    expect(e.location).toMatchObject({ file: "kong.yml", line: 7 });
    expect(e.message).toMatch(/^kong\.yml:7:\d+: declarative config is invalid:/);
    expect(configError('_format_version: "2.1"\n', "old.yml").message).toContain("auto-migrate");
    expect(details("services: [").fields).toMatchObject({
      error: expect.stringMatching(/^failed parsing declarative configuration: /),
    });
    expect(details("- a\n- b\n").fields).toEqual({
      error: "failed parsing declarative configuration: expected an object",
    });
  });
});
