import { Server } from "node:net";

/**
 * mockttp's `start()` calls `server.listen(port)` with no host, which listens on every interface; the harness's
 * servers must stay on loopback. While `start` runs, a `listen(port)` call without a host is given 127.0.0.1
 * (calls that name a host are left alone). Returns how many listens were pinned, so tests can assert it.
 */
export async function withLoopbackListen<T>(start: () => Promise<T>): Promise<{ value: T; pinned: number }> {
  // Saved to be restored, and called with an explicit `this` below.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = Server.prototype.listen;
  const listen = original as (this: Server, ...args: unknown[]) => Server;
  let pinned = 0;
  Server.prototype.listen = function listenOnLoopback(this: Server, ...args: unknown[]) {
    if (args.length === 1 && typeof args[0] === "number") {
      pinned += 1;
      return listen.call(this, args[0], "127.0.0.1");
    }
    return listen.apply(this, args);
  } as typeof Server.prototype.listen;
  try {
    return { value: await start(), pinned };
  } finally {
    Server.prototype.listen = original;
  }
}
