import { request } from "undici";
import { describe, expect, it } from "vitest";
import { startMockUpstream } from "./mock-upstream.ts";
import { withLoopbackListen } from "./loopback.ts";
import { createServer } from "node:net";

describe("mock upstream (mockttp)", () => {
  it("listens on 127.0.0.1 only and records tagged requests once each", async () => {
    await using mock = await startMockUpstream("http://artifacts.internal:8080", () => 1000);
    expect(new URL(mock.url).hostname).toBe("127.0.0.1");
    const res = await request(`${mock.url}/v1/x`, {
      headers: { "x-shadowgate-exchange": "e1", "x-consumer-username": "buildkite" },
    });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    expect(mock.hitFor("e1")).toMatchObject({
      path: "/v1/x",
      headers: { "x-consumer-username": "buildkite" },
    });
    expect(mock.takeHit("e1")).toBeDefined();
    expect(mock.hitFor("e1")).toBeUndefined();
    await (await request(`${mock.url}/v1/untagged`)).body.text();
    expect(mock.untaggedCount()).toBe(1);
  });

  it("pins a host-less listen to loopback, and leaves explicit hosts alone", async () => {
    const server = createServer();
    const { pinned } = await withLoopbackListen(
      () => new Promise<void>((resolve) => server.listen(0).once("listening", () => resolve())),
    );
    expect(pinned).toBe(1);
    expect(server.address()).toMatchObject({ address: "127.0.0.1" });
    server.close();
  });
});
