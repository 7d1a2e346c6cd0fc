/** Small Kong documents for the audit's unit tests: one service, one route, the plugins under test. */
import { readFileSync } from "node:fs";
import { auditKongConfig } from "./audit.ts";
import type { AuditFinding, AuditOptions } from "./audit-types.ts";
import type { KongDocument } from "./entities.ts";

const acme = readFileSync(new URL("../../fixtures/kong/acme-buildkite.yml", import.meta.url), "utf8");

/** A real RSA public key (the acme fixture's), so RS256 credentials pass Kong's "must parse" check. */
export const RSA_PUBLIC_KEY = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/
  .exec(acme)![0]
  .split("\n")
  .map((l) => l.trim())
  .join("\n");

export const BUILDKITE_ISS = "https://agent.buildkite.com";

/** A jwt config that passes every jwt rule. */
export const SOUND_JWT = {
  key_claim_name: "organization_id",
  claims_to_verify: ["exp", "nbf"],
  maximum_expiration: 7200,
  uri_param_names: [],
} as const;

type Plugin = Record<string, unknown>;

/** One service `api` with route `api` carrying `routePlugins`, plus anything in `extra`. */
export function oneRoute(routePlugins: Plugin[], extra: Record<string, unknown> = {}): KongDocument {
  return {
    _format_version: "3.0",
    services: [
      {
        name: "api",
        url: "http://api.internal:8080",
        routes: [{ name: "api", paths: ["/api"], plugins: routePlugins }],
      },
    ],
    ...extra,
  };
}

export function jwt(config: Record<string, unknown> = SOUND_JWT, extra: Plugin = {}): Plugin {
  return { name: "jwt", config, ...extra };
}

/** A consumer holding an RS256 credential keyed `key`. */
export function rsaConsumer(username: string, key: string, extra: Record<string, unknown> = {}): Plugin {
  return { username, jwt_secrets: [{ key, algorithm: "RS256", rsa_public_key: RSA_PUBLIC_KEY }], ...extra };
}

export function findingsOf(doc: KongDocument, id: string, options: AuditOptions = {}): AuditFinding[] {
  return auditKongConfig(doc, options).filter((f) => f.id === id);
}

/** `id @ entity` lines: what a user reads first, and easy to compare whole. */
export function summaryOf(findings: readonly AuditFinding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.id} @ ${f.entity}`);
}
