/**
 * The cheapest proxy Node can be on this machine: node:http in, undici out (what the embedded gateway is
 * built on), with none of Kong's work (no router, no plugins, no X-Forwarded-* or X-Kong-* headers, no
 * logging). With `rs256PublicKeyPem` it also checks the RS256 signature of the bearer token, the one thing
 * Kong's jwt plugin cannot skip per request, and answers 401 when it fails. Its throughput is therefore a
 * ceiling for any gateway built this way: bench/gateway.ts measures it beside the real gateway, and
 * bench/mirror.ts beside the mirror (through proxy-child.ts), so what is Kong's cost and what is the
 * hop's can be told apart.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { verifyRsa } from "../src/identity/index.ts";

export interface BareProxy {
  readonly url: string;
  readonly server: Server;
}

export async function startBareProxy(primary: string, rs256PublicKeyPem?: string): Promise<BareProxy> {
  const agent = new Agent({ connections: 256, keepAliveTimeout: 10_000 });
  const origin = new URL(primary).origin;
  // Parsed once, as the gateway parses jwt_secrets once per config load.
  const key = rs256PublicKeyPem === undefined ? undefined : createPublicKey(rs256PublicKeyPem);
  const server = createServer((req, res) => {
    if (key !== undefined && !validSignature(req.headers.authorization, key)) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end('{"message":"Invalid signature"}');
      return;
    }
    const hasBody =
      req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
    // dispatch() with a handler that writes straight to the response: no Readable body, no promise.
    agent.dispatch(
      {
        origin,
        path: req.url ?? "/",
        method: req.method ?? "GET",
        headers: ["accept", req.headers.accept ?? "*/*"],
        body: hasBody ? req : null,
      },
      {
        onRequestStart() {},
        onResponseStart(_controller, statusCode, headers) {
          res.writeHead(statusCode, { "content-type": String(headers["content-type"] ?? "") });
        },
        onResponseData(_controller, chunk) {
          res.write(chunk);
        },
        onResponseEnd() {
          res.end();
        },
        onResponseError() {
          res.destroy();
        },
      },
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function validSignature(authorization: string | undefined, key: KeyObject): boolean {
  const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : "";
  const lastDot = token.lastIndexOf(".");
  if (lastDot < 0) return false;
  return verifyRsa(key, "RS256", token.slice(0, lastDot), Buffer.from(token.slice(lastDot + 1), "base64url"));
}
