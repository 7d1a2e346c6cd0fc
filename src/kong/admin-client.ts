import { request } from "undici";
import { ShadowgateError } from "../errors.ts";
import type { KongDocument } from "./entities.ts";

/**
 * The Kong Admin API calls the harness makes. The same calls drive real Kong and the embedded gateway
 * (DESIGN.md: faults that change gateway state go through POST /config in DB-less mode).
 */
export interface KongNodeInfo {
  readonly version: string;
  readonly edition: string;
  readonly database: string;
}

export interface AdminClient {
  info(): Promise<KongNodeInfo>;
  configurationHash(): Promise<string | undefined>;
  /** DB-less reload (kong.md §7.4); resolves when Kong answered 201. */
  postConfig(doc: KongDocument): Promise<void>;
  /** DB-less reload from YAML/JSON text (`{"config": "<text>"}`, kong.md §7.4), e.g. a saved GET /config. */
  postConfigText(text: string): Promise<void>;
  /** GET /config (DB-less only): the running config as declarative YAML, re-loadable with POST /config. */
  exportConfig(): Promise<string>;
  /** Entity endpoints (DB mode): GET one entity, undefined on 404. */
  getEntity(path: string): Promise<Record<string, unknown> | undefined>;
  /** POST to a collection (e.g. `/routes/deploy/plugins`); returns the created entity (with its `id`). */
  createEntity(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  patchEntity(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** DELETE; a 404 counts as done (Kong answers 204 for a missing entity too). */
  deleteEntity(path: string): Promise<void>;
}

/** One segment of an entity path: names may be URLs (a jwt_secret's key is often its issuer). */
export function entityPath(...segments: string[]): string {
  return `/${segments.map((s) => encodeURIComponent(s)).join("/")}`;
}

export function adminClient(adminUrl: string, timeoutMs = 10_000): AdminClient {
  const call = async (method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown) => {
    try {
      const res = await request(`${adminUrl.replace(/\/+$/, "")}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await res.body.text();
      return { status: res.statusCode, text };
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new ShadowgateError("SG_TARGET_UNREACHABLE", `${method} ${adminUrl}${path}: ${reason}`, {
        cause,
      });
    }
  };
  const json = (text: string): Record<string, unknown> => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  return {
    async info() {
      const res = await call("GET", "/");
      if (res.status !== 200) throw adminFailure("GET /", res);
      const body = json(res.text);
      const configuration = (body.configuration ?? {}) as Record<string, unknown>;
      return {
        version: text(body.version),
        edition: text(body.edition),
        database: text(configuration.database),
      };
    },
    async configurationHash() {
      const res = await call("GET", "/status");
      if (res.status !== 200) throw adminFailure("GET /status", res);
      const hash = json(res.text).configuration_hash;
      return typeof hash === "string" ? hash : undefined;
    },
    async postConfig(doc) {
      const res = await call("POST", "/config", doc);
      if (res.status !== 201) throw adminFailure("POST /config", res);
    },
    async postConfigText(configText) {
      const res = await call("POST", "/config", { config: configText });
      if (res.status !== 201) throw adminFailure("POST /config", res);
    },
    async exportConfig() {
      const res = await call("GET", "/config");
      if (res.status !== 200) throw adminFailure("GET /config", res);
      const config = json(res.text).config;
      if (typeof config !== "string") throw adminFailure("GET /config (no `config` string)", res);
      return config;
    },
    async getEntity(path) {
      const res = await call("GET", path);
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw adminFailure(`GET ${path}`, res);
      return json(res.text);
    },
    async createEntity(path, body) {
      const res = await call("POST", path, body);
      if (res.status !== 201) throw adminFailure(`POST ${path}`, res);
      return json(res.text);
    },
    async patchEntity(path, body) {
      const res = await call("PATCH", path, body);
      if (res.status !== 200) throw adminFailure(`PATCH ${path}`, res);
      return json(res.text);
    },
    async deleteEntity(path) {
      const res = await call("DELETE", path);
      if (res.status !== 204 && res.status !== 404) throw adminFailure(`DELETE ${path}`, res);
    },
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "unknown";
}

function adminFailure(what: string, res: { status: number; text: string }): ShadowgateError {
  return new ShadowgateError(
    "SG_ADMIN_API_FAILED",
    `${what} answered ${res.status}: ${res.text.slice(0, 500)}`,
  );
}
