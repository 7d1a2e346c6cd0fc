/** The declarative config the conformance suite loads (built at test time around the echo upstream). */
import type { TestKeys } from "./tokens.ts";

export const HS_SECRET = "alice-shared-secret";
/** base64url without + or / so that secret_is_base64 decodes it (kong.md §1.4 g). */
export const HS_SECRET_B64 = Buffer.from("raw-secret-bytes!").toString("base64url");

export function conformanceConfig(
  up: { host: string; port: number },
  keys: TestKeys,
  extra: { deadPort: number },
): Record<string, unknown> {
  const url = `http://${up.host}:${up.port}`;
  const jwt = (config: Record<string, unknown> = {}): Record<string, unknown> => ({ name: "jwt", config });
  return {
    _format_version: "3.0",
    services: [
      {
        name: "echo",
        url,
        routes: [
          { name: "open", paths: ["/open"] },
          { name: "nostrip", paths: ["/nostrip"], strip_path: false },
          { name: "preserve", paths: ["/preserve"], preserve_host: true },
          { name: "regex", paths: ["~/items/(?<id>\\d+)$"] },
          { name: "jwt", paths: ["/jwt"], plugins: [jwt({ claims_to_verify: ["exp"] })] },
          { name: "jwt-noclaims", paths: ["/jwt-noclaims"], plugins: [jwt()] },
          { name: "jwt-nbf", paths: ["/jwt-nbf"], plugins: [jwt({ claims_to_verify: ["nbf", "exp"] })] },
          {
            name: "jwt-max",
            paths: ["/jwt-max"],
            plugins: [jwt({ claims_to_verify: ["exp"], maximum_expiration: 600 })],
          },
          { name: "jwt-realm", paths: ["/jwt-realm"], plugins: [jwt({ realm: "shadow" })] },
          { name: "jwt-cookie", paths: ["/jwt-cookie"], plugins: [jwt({ cookie_names: ["session"] })] },
          { name: "jwt-kid", paths: ["/jwt-kid"], plugins: [jwt({ key_claim_name: "kid" })] },
          { name: "jwt-b64", paths: ["/jwt-b64"], plugins: [jwt({ secret_is_base64: true })] },
          { name: "jwt-preflight", paths: ["/jwt-preflight"], plugins: [jwt({ run_on_preflight: false })] },
          { name: "jwt-anon", paths: ["/jwt-anon"], plugins: [jwt({ anonymous: "anon" })] },
          {
            name: "terminated-auth",
            paths: ["/terminated-auth"],
            plugins: [
              jwt(),
              { name: "request-termination", config: { status_code: 403, message: "closed" } },
            ],
          },
          { name: "rt-default", paths: ["/rt-default"], plugins: [{ name: "request-termination" }] },
          {
            name: "rt-418",
            paths: ["/rt-418"],
            plugins: [{ name: "request-termination", config: { status_code: 418 } }],
          },
          {
            name: "rt-body",
            paths: ["/rt-body"],
            plugins: [
              {
                name: "request-termination",
                config: { status_code: 200, body: "<ok/>", content_type: "application/xml" },
              },
            ],
          },
          {
            name: "rt-trigger",
            paths: ["/rt-trigger"],
            plugins: [{ name: "request-termination", config: { status_code: 410, trigger: "x-terminate" } }],
          },
          {
            name: "rt-echo",
            paths: ["/rt-echo"],
            plugins: [{ name: "request-termination", config: { status_code: 200, echo: true } }],
          },
        ],
      },
      {
        name: "dead",
        url: `http://127.0.0.1:${extra.deadPort}`,
        retries: 1,
        routes: [{ name: "dead", paths: ["/dead"] }],
      },
      {
        name: "slow",
        url,
        read_timeout: 300,
        retries: 0,
        routes: [{ name: "hang", paths: ["/hang"], strip_path: false }],
      },
      { name: "only-https", url, routes: [{ name: "https-only", paths: ["/secure"], protocols: ["https"] }] },
    ],
    consumers: [
      {
        username: "alice",
        custom_id: "alice-001",
        jwt_secrets: [
          { key: "alice-hs", secret: HS_SECRET },
          { key: "alice-hs512", secret: HS_SECRET, algorithm: "HS512" },
          { key: "alice-b64", secret: HS_SECRET_B64 },
          { key: "alice-rs", algorithm: "RS256", rsa_public_key: keys.rsa.publicPem },
          { key: "alice-ps", algorithm: "PS256", rsa_public_key: keys.rsa.publicPem },
          { key: "alice-es", algorithm: "ES256", rsa_public_key: keys.ec.publicPem },
          { key: "alice-es-nokey", algorithm: "ES256" },
          { key: "alice-ed", algorithm: "EdDSA", rsa_public_key: keys.ed.publicPem },
        ],
      },
      { username: "anon" },
    ],
  };
}
