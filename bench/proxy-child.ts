/**
 * A bare pass-through proxy (bare-proxy.ts) in its own process, for bench/mirror.ts: the floor any Node
 * proxy hop costs on this machine, so the mirror's own cost can be told from the hop's.
 * Usage: node bench/proxy-child.ts <primary origin>; prints its URL on stdout.
 */
import { startBareProxy } from "./bare-proxy.ts";

const { url, server } = await startBareProxy(process.argv[2] ?? "");
console.log(url);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
