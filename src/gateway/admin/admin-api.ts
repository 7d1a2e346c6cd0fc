/**
 * The DB-less Admin API subset (kong.md §7.4): GET /, GET /status, GET/POST /config, read-only
 * entity listings, and Kong's 405 answers for writes. Responses are compact cjson (family 1).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { isShadowgateError } from "../../errors.ts";
import { kongErrorBody } from "../../kong/declarative.ts";
import type { NormalizedConfig } from "../../kong/types.ts";
import { cjsonEncode } from "../error-templates.ts";
import { SERVER_TOKEN } from "../kong-headers.ts";
import type { ConfigSnapshot } from "../snapshot.ts";
import { dbLessWrite } from "./db-less-writes.ts";
import { entitiesById, exportConfigYaml } from "./export.ts";
import { rootInfo, statusInfo, type ListenInfo, type ServerCounters } from "./info.ts";
import { declarativeInputFromBody } from "./read-body.ts";

export interface AdminDeps {
  readonly snapshot: () => ConfigSnapshot;
  /**
   * Validates and swaps the config; throws SG_KONG_CONFIG_INVALID or SG_TARGET_UNSUPPORTED_CONFIG
   * and leaves the old one on failure.
   */
  readonly reload: (input: unknown) => ConfigSnapshot;
  /** The hash `input` would get, without loading it. */
  readonly hashOf: (input: unknown) => string | undefined;
  readonly counters: ServerCounters;
  readonly listen: () => ListenInfo;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  res.statusCode = status;
  res.setHeader("Server", SERVER_TOKEN);
  if (body === undefined) {
    res.end();
    return;
  }
  const text = cjsonEncode(body);
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const LISTABLE: Readonly<Record<string, keyof NormalizedConfig>> = {
  services: "services",
  routes: "routes",
  consumers: "consumers",
  plugins: "plugins",
  jwts: "jwt_secrets",
  acls: "acls",
  "key-auths": "keyauth_credentials",
};

function flag(params: URLSearchParams, name: string): boolean {
  const v = params.get(name);
  return v !== null && v !== "0" && v !== "false";
}

async function postConfig(
  deps: AdminDeps,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
  params: URLSearchParams,
): Promise<void> {
  const input = await declarativeInputFromBody(req.headers["content-type"] ?? "", body);
  if (input === undefined) return send(res, 400, { message: "expected a declarative configuration" });
  if (flag(params, "check_hash")) {
    const hash = deps.hashOf(input);
    if (hash !== undefined && hash === deps.snapshot().config.hash) return send(res, 304);
  }
  try {
    const next = deps.reload(input);
    return send(res, 201, entitiesById(next.config));
  } catch (e) {
    const body = isShadowgateError(e, "SG_KONG_CONFIG_INVALID")
      ? kongErrorBody(e, flag(params, "flatten_errors"))
      : undefined;
    if (body) return send(res, 400, body);
    if (isShadowgateError(e, "SG_KONG_CONFIG_INVALID")) return send(res, 400, { message: e.message });
    // Not Kong (Kong would load it): the emulator's refusal, 400 so a harness sees the push failed,
    // no `code` so it is never mistaken for Kong's schema error (limitations.ts).
    if (isShadowgateError(e, "SG_TARGET_UNSUPPORTED_CONFIG"))
      return send(res, 400, {
        name: "unsupported by the embedded gateway",
        message: e.message,
        unsupported: (e.details as { unsupported: unknown }).unsupported,
      });
    return send(res, 500, { message: "An unexpected error occurred" });
  }
}

export async function handleAdminRequest(
  deps: AdminDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://admin.invalid");
  const segments = url.pathname.split("/").filter((s) => s !== "");
  const method = req.method ?? "GET";
  const path = `/${segments.join("/")}`;
  // Read the body first: answering before it is consumed can reset the client's connection.
  const body = await readBody(req);
  const snapshot = deps.snapshot();

  if (path === "/" && method === "GET") return send(res, 200, rootInfo(snapshot, deps.listen()));
  if (path === "/status" && method === "GET") return send(res, 200, statusInfo(snapshot, deps.counters));
  if (path === "/config" && method === "GET")
    return send(res, 200, { config: exportConfigYaml(snapshot.config) });
  if (path === "/config" && method === "POST") return postConfig(deps, req, body, res, url.searchParams);

  const write = dbLessWrite(method, segments);
  if (write) return send(res, write.status, write.body);

  if (method === "GET" && segments.length <= 2) {
    const key = LISTABLE[segments[0] ?? ""];
    if (key) {
      const list = snapshot.config[key] as readonly { id: string; name?: string; username?: string }[];
      if (segments.length === 1) return send(res, 200, { data: list, next: null });
      const hit = list.find(
        (e) => e.id === segments[1] || e.name === segments[1] || e.username === segments[1],
      );
      return hit ? send(res, 200, hit) : send(res, 404, { message: "Not found" });
    }
  }
  return send(res, 404, { message: "Not found" });
}
