/**
 * Conformance fixture: the same HTTP-only tests run against the embedded gateway (default) or a real
 * Kong 3.9.3 in DB-less mode when SHADOWGATE_KONG_PROXY_URL and SHADOWGATE_KONG_ADMIN_URL are set
 * (configs are then loaded through POST /config, and SHADOWGATE_UPSTREAM_HOST names the host Kong
 * uses to reach the echo upstream). With SHADOWGATE_CONFORMANCE_TARGET=docker the docker target starts
 * kong:3.9.3 itself (test/targets/conformance-docker.ts).
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmbeddedGateway } from "../../src/gateway/index.ts";
import { conformanceOnDocker, exposeToContainers, startDockerKong } from "../targets/conformance-docker.ts";

export interface Target {
  readonly proxyUrl: string;
  readonly adminUrl: string;
  /** Replace the running config (POST /config); throws with Kong's answer on failure. */
  load(config: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export async function startTarget(config: Record<string, unknown>): Promise<Target> {
  const proxyUrl = process.env["SHADOWGATE_KONG_PROXY_URL"];
  const adminUrl = process.env["SHADOWGATE_KONG_ADMIN_URL"];
  const load = async (admin: string, c: Record<string, unknown>): Promise<void> => {
    const res = await fetch(`${admin}/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(c),
    });
    if (res.status !== 201) throw new Error(`POST /config → ${res.status}: ${await res.text()}`);
  };
  if (conformanceOnDocker()) {
    const kong = await startDockerKong(config);
    return { ...kong, load: (c) => load(kong.adminUrl, c) };
  }
  if (proxyUrl && adminUrl) {
    await load(adminUrl, config);
    return { proxyUrl, adminUrl, load: (c) => load(adminUrl, c), close: async () => {} };
  }
  const gw = await startEmbeddedGateway({ config });
  return {
    proxyUrl: gw.proxyUrl,
    adminUrl: gw.adminUrl!,
    load: (c) => load(gw.adminUrl!, c),
    close: () => gw.close(),
  };
}

export interface EchoRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface EchoUpstream {
  readonly host: string;
  readonly port: number;
  /** Requests seen, newest last. */
  readonly seen: EchoRequest[];
  close(): Promise<void>;
}

/**
 * An upstream that answers 200 with the request it received as JSON. Paths starting with /status/N
 * answer status N; /slow/MS waits MS before answering; /hang never answers.
 */
export async function startEchoUpstream(): Promise<EchoUpstream> {
  const seen: EchoRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const echo = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(echo);
      const status = /\/status\/(\d{3})/.exec(echo.url);
      const slow = /\/slow\/(\d+)/.exec(echo.url);
      if (echo.url.includes("/hang")) return;
      const answer = (): void => {
        res.statusCode = status ? Number(status[1]) : 200;
        res.setHeader("content-type", "application/json");
        if (echo.url.includes("/with-server")) res.setHeader("server", "echo/1.0");
        res.end(JSON.stringify(echo));
      };
      if (slow) setTimeout(answer, Number(slow[1]));
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: conformanceOnDocker()
      ? await exposeToContainers(port)
      : (process.env["SHADOWGATE_UPSTREAM_HOST"] ?? "127.0.0.1"),
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port with nothing listening (connection refused). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A request with exactly the given headers (fetch would add `Accept: *\/*`). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers };
    // node does not frame DELETE/GET bodies by default; say how long it is.
    if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
    const req = httpRequest(url, { method: options.method ?? "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Reads a dotted path out of parsed JSON (`pick(body, "configuration.database")`). */
export function pick(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split("."))
    v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}
