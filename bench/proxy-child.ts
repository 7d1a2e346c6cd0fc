/**
 * A bare pass-through proxy in its own process (node:http + undici, no capture, no shadow): the floor any
 * Node proxy hop costs on this machine, so bench/mirror.ts can tell the mirror's own cost from the hop's.
 * Usage: node bench/proxy-child.ts <primary origin>; prints its URL on stdout.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";

const primary = process.argv[2] ?? "";
const agent = new Agent({ connections: 256, keepAliveTimeout: 10_000 });
const server = createServer((req, res) => {
  void (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const answer = await request(new URL(req.url ?? "/", primary), {
      dispatcher: agent,
      method: req.method ?? "GET",
      headers: { accept: String(req.headers.accept ?? "*/*") },
      ...(body.length > 0 ? { body } : {}),
    });
    res.writeHead(answer.statusCode, { "content-type": String(answer.headers["content-type"] ?? "") });
    for await (const chunk of answer.body) res.write(chunk);
    res.end();
  })().catch(() => res.destroy());
});
server.keepAliveTimeout = 5_000;
server.listen(0, "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
