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
}

export function adminClient(adminUrl: string, timeoutMs = 10_000): AdminClient {
  const call = async (method: "GET" | "POST", path: string, body?: unknown) => {
    try {
      const res = await request(new URL(path, adminUrl), {
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
