/**
 * The TCP/TLS connector of each service pool, with Kong's `connect_timeout` on a precise timer
 * (undici's own connect timer has ~0.5 s granularity above 1 s). nginx applies
 * `proxy_connect_timeout` to the TLS handshake too, so the timer runs until `secureConnect`.
 */
import { isIP, connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { buildConnector } from "undici";

export class UpstreamConnectTimeout extends Error {
  readonly code = "UND_ERR_CONNECT_TIMEOUT";
}

export function timedConnector(connectTimeoutMs: number, tlsVerify: boolean): buildConnector.connector {
  return (opts, callback) => {
    const https = opts.protocol === "https:";
    const host = opts.hostname.startsWith("[") ? opts.hostname.slice(1, -1) : opts.hostname;
    const port = Number(opts.port) || (https ? 443 : 80);
    const socket: Socket = https
      ? tlsConnect({
          host,
          port,
          // SNI carries host names only (RFC 6066): none for an IP address, as nginx sends none.
          ...(opts.servername ? { servername: opts.servername } : isIP(host) ? {} : { servername: host }),
          // Kong does not verify upstream certificates unless tls_verify is set.
          rejectUnauthorized: tlsVerify,
          ALPNProtocols: ["http/1.1"],
        })
      : netConnect({ host, port });
    let done = false;
    const finish = (error: Error | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.removeListener("error", finish);
      if (error) {
        socket.destroy();
        callback(error, null);
      } else {
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 60_000);
        callback(null, socket);
      }
    };
    const timer = setTimeout(
      () => finish(new UpstreamConnectTimeout(`connect timeout after ${connectTimeoutMs} ms`)),
      connectTimeoutMs,
    );
    socket.once(https ? "secureConnect" : "connect", () => finish(null));
    socket.once("error", finish);
  };
}
