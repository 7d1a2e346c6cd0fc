/**
 * A loopback OIDC key server: JWKS at `/.well-known/jwks` and discovery at
 * `/.well-known/openid-configuration`, the paths Buildkite uses (buildkite.md §1.4). Every request is
 * recorded so a test can ask whether the gateway fetched keys, and an attacker-side instance can show
 * that a gateway followed a forged `jku`/`x5u`/`iss` (peers.md §4.3 cases 17, 18, 25).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { systemClock, type Clock } from "../clock.ts";
import { ShadowgateError } from "../errors.ts";
import type { Issuer } from "./types.ts";

export const JWKS_PATH = "/.well-known/jwks";
export const DISCOVERY_PATH = "/.well-known/openid-configuration";

export interface JwksFetch {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Wall-clock ms from the server's clock. */
  readonly atMs: number;
  readonly status: number;
  readonly userAgent?: string;
}

export interface JwksServerOptions {
  /** Whose keys to publish; read on every request, so a RotatingIssuer's rotation shows at once. */
  readonly keys: Pick<Issuer, "jwks">;
  /** Discovery's `issuer`; default the server's own origin (what a verifier doing discovery compares with `iss`). */
  readonly issuer?: string;
  /** Default 0 (any free port). The host is always 127.0.0.1. */
  readonly port?: number;
  readonly clock?: Clock;
}

export interface JwksServer extends AsyncDisposable {
  /** `http://127.0.0.1:{port}` */
  readonly origin: string;
  readonly jwksUrl: string;
  readonly discoveryUrl: string;
  /** Every request so far, oldest first (including 404s: an attacker server wants to see any probe). */
  fetches(): readonly JwksFetch[];
  /** Whether anything requested `path` (default: the JWKS), optionally at or after `sinceMs`. */
  wasFetched(path?: string, sinceMs?: number): boolean;
  clearFetches(): void;
  close(): Promise<void>;
}

function discoveryDocument(issuer: string, jwksUri: string): Record<string, unknown> {
  // Shape of a minimal OIDC discovery document (OpenID Connect Discovery 1.0 §3). Buildkite's live
  // document was not read (buildkite.md §0); RS256 comes from real token headers (§1.4).
  return {
    issuer,
    jwks_uri: jwksUri,
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid"],
    claims_supported: ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"],
  };
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(req.method === "HEAD" ? undefined : text);
}

export async function startJwksServer(options: JwksServerOptions): Promise<JwksServer> {
  const clock = options.clock ?? systemClock;
  const log: JwksFetch[] = [];
  let origin = "";

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const ua = req.headers["user-agent"];
    let status = 200;
    if (req.method !== "GET" && req.method !== "HEAD") {
      status = 405;
      send(req, res, status, { error: "method not allowed" });
    } else if (path === JWKS_PATH) {
      send(req, res, status, options.keys.jwks());
    } else if (path === DISCOVERY_PATH) {
      send(req, res, status, discoveryDocument(options.issuer ?? origin, `${origin}${JWKS_PATH}`));
    } else {
      status = 404;
      send(req, res, status, { error: "not found" });
    }
    log.push({
      method: req.method ?? "GET",
      path,
      atMs: clock.nowMs(),
      status,
      ...(ua ? { userAgent: ua } : {}),
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (cause) =>
      reject(
        new ShadowgateError(
          "SG_UPSTREAM_START_FAILED",
          `JWKS server could not listen on 127.0.0.1:${options.port ?? 0}`,
          {
            cause,
          },
        ),
      ),
    );
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const close = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (!server.listening) return resolve();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections(); // a gateway's keep-alive connection must not hold close() open
    });

  return {
    origin,
    jwksUrl: `${origin}${JWKS_PATH}`,
    discoveryUrl: `${origin}${DISCOVERY_PATH}`,
    fetches: () => [...log],
    wasFetched: (path = JWKS_PATH, sinceMs = -Infinity) =>
      log.some((f) => f.path === path && f.atMs >= sinceMs),
    clearFetches: () => void log.splice(0),
    close,
    [Symbol.asyncDispose]: close,
  };
}
