import { describe, expect, it } from "vitest";
import { pick, rawRequest } from "./fixture.ts";
import { useConformanceConfig } from "./shared-setup.ts";

const env = useConformanceConfig();

const req = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  rawRequest(`${env.target.proxyUrl}${path}`, { headers, method });

describe("request-termination (§5)", () => {
  it("defaults to 503 Service unavailable, family 1, Server kong/3.9.3", async () => {
    const before = env.up.seen.length;
    const res = await req("/rt-default");
    expect(res.status).toBe(503);
    expect(res.body).toBe('{"message":"Service unavailable"}');
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.headers["server"]).toBe("kong/3.9.3");
    expect(res.headers["x-kong-response-latency"]).toMatch(/^\d+$/);
    expect(env.up.seen.length).toBe(before);
  });

  it("sends an empty body for a status without a default message", async () => {
    const res = await req("/rt-418");
    expect(res.status).toBe(418);
    expect(res.body).toBe("");
    expect(res.headers["content-length"]).toBe("0");
  });

  it("sends body with content_type as is", async () => {
    const res = await req("/rt-body");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/xml");
    expect(res.body).toBe("<ok/>");
  });

  it("only terminates when the trigger header or query arg is present", async () => {
    expect((await req("/rt-trigger")).status).toBe(200);
    expect((await req("/rt-trigger", { "x-terminate": "1" })).status).toBe(410);
    expect((await req("/rt-trigger?x-terminate")).status).toBe(410);
  });

  it("echoes the request", async () => {
    const res = await req("/rt-echo?a=1&a=2", { "x-demo": "yes" });
    const body = JSON.parse(res.body) as unknown;
    expect(res.status).toBe(200);
    expect(pick(body, "request")).toMatchObject({
      method: "GET",
      path: "/rt-echo",
      query: { a: ["1", "2"] },
      scheme: "http",
    });
    expect(pick(body, "request.headers.x-demo")).toBe("yes");
    expect(pick(body, "matched_route.name")).toBe("rt-echo");
    expect(res.body).toContain('"path":"\\/rt-echo"');
  });
});
