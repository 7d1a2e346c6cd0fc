import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The harness's mock upstream as a stand-alone server (`shadowgate mock-upstream`, the docker-compose
 * service): every request gets 200 with a small JSON body naming the origin (Host) and path, like
 * src/upstream/mock-upstream.ts, so a Kong loaded with the example config has something real behind it.
 */
export interface MockUpstreamServer extends AsyncDisposable {
  readonly url: string;
  close(): Promise<void>;
}

export async function startMockUpstreamServer(listen: {
  host: string;
  port: number;
}): Promise<MockUpstreamServer> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const body = JSON.stringify({ ok: true, upstream: req.headers.host ?? "", path: req.url ?? "/" });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, resolve);
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://${listen.host}:${(server.address() as AddressInfo).port}`,
    close,
    [Symbol.asyncDispose]: close,
  };
}
