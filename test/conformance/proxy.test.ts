import { describe, expect, it } from "vitest";
import { rawRequest } from "./fixture.ts";
import { useConformanceConfig } from "./shared-setup.ts";

const env = useConformanceConfig();

const req = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  rawRequest(`${env.target.proxyUrl}${path}`, { headers, method });

describe("router and Kong-generated errors (§6.1)", () => {
  it("404 no route: family 2 JSON by default, with request_id = X-Kong-Request-Id", async () => {
    const res = await req("/nowhere");
    const id = String(res.headers["x-kong-request-id"]);
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.headers["server"]).toBe("kong/3.9.3");
    expect(res.headers["x-kong-response-latency"]).toMatch(/^\d+$/);
    expect(res.headers["via"]).toBeUndefined();
    expect(res.body).toBe(`{\n  "message":"no Route matched with those values",\n  "request_id":"${id}"\n}`);
  });

  it("404 follows Accept (text/plain, text/html) and HEAD has no body", async () => {
    const text = await req("/nowhere", { accept: "text/plain" });
    expect(text.body).toBe(
      `no Route matched with those values\nrequest_id: ${String(text.headers["x-kong-request-id"])}\n`,
    );
    const html = await req("/nowhere", { accept: "text/html" });
    expect(html.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(html.body).toContain("<p>no Route matched with those values.</p>");
    const head = await req("/nowhere", {}, "HEAD");
    expect(head.status).toBe(404);
    expect(head.body).toBe("");
  });

  it("502 on connection refused: family 3, text/plain without Accept, JSON for */*", async () => {
    const res = await req("/dead");
    expect(res.status).toBe(502);
    expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(res.body).toBe(
      `An invalid response was received from the upstream server\nrequest_id: ${String(res.headers["x-kong-request-id"])}\n`,
    );
    expect(res.headers["via"]).toBe("1.1 kong/3.9.3");
    const json = await req("/dead", { accept: "*/*" });
    expect(json.headers["content-type"]).toBe("application/json; charset=utf-8");
    const byContentType = await req("/dead", { "content-type": "text/html" });
    expect(byContentType.headers["content-type"]).toBe("text/html; charset=utf-8");
  });

  it("504 when the upstream does not answer within read_timeout", async () => {
    const res = await req("/hang");
    expect(res.status).toBe(504);
    expect(res.body).toBe(
      `The upstream server is timing out\nrequest_id: ${String(res.headers["x-kong-request-id"])}\n`,
    );
  });

  it("426 for an https-only route reached over http", async () => {
    const res = await req("/secure");
    expect(res.status).toBe(426);
    expect(res.headers["upgrade"]).toBe("TLS/1.2, HTTP/1.1");
    expect(JSON.parse(res.body)).toMatchObject({ message: "Please use HTTPS protocol" });
  });

  it("TRACE → 405 Method not allowed", async () => {
    const res = await req("/open", {}, "TRACE");
    expect(res.status).toBe(405);
    expect(res.body).toContain("Method not allowed");
  });
});

describe("proxying (§6.3)", () => {
  it("passes upstream 5xx through unchanged, with Kong's proxy headers", async () => {
    const res = await req("/open/status/503");
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ url: "/status/503" });
    expect(res.headers["via"]).toBe("1.1 kong/3.9.3");
    expect(res.headers["server"]).toBe("kong/3.9.3");
    expect(res.headers["x-kong-upstream-latency"]).toMatch(/^\d+$/);
    expect(res.headers["x-kong-proxy-latency"]).toMatch(/^\d+$/);
    expect(res.headers["x-kong-response-latency"]).toBeUndefined();
  });

  it("keeps the upstream's Server header", async () => {
    expect((await req("/open/with-server")).headers["server"]).toBe("echo/1.0");
  });

  it("sets upstream request headers and strips the route prefix", async () => {
    const res = await req("/open/a/b?x=1", {
      host: "api.example.test:8000",
      "x-forwarded-for": "10.0.0.1",
      via: "1.0 edge",
    });
    const seen = JSON.parse(res.body) as { url: string; headers: Record<string, string> };
    expect(seen.url).toBe("/a/b?x=1");
    expect(seen.headers["host"]).toBe(`${env.up.host}:${env.up.port}`);
    expect(seen.headers["x-forwarded-for"]).toBe("10.0.0.1, 127.0.0.1");
    expect(seen.headers["x-forwarded-proto"]).toBe("http");
    expect(seen.headers["x-forwarded-host"]).toBe("api.example.test");
    expect(seen.headers["x-forwarded-path"]).toBe("/open/a/b");
    expect(seen.headers["x-forwarded-prefix"]).toBe("/open");
    expect(seen.headers["x-real-ip"]).toBe("127.0.0.1");
    expect(seen.headers["via"]).toBe("1.0 edge, 1.1 kong/3.9.3");
    expect(seen.headers["x-kong-request-id"]).toBe(res.headers["x-kong-request-id"]);
  });

  it("honours strip_path=false, preserve_host and regex routes", async () => {
    const nostrip = JSON.parse((await req("/nostrip/x")).body) as {
      url: string;
      headers: Record<string, string>;
    };
    expect(nostrip.url).toBe("/nostrip/x");
    expect(nostrip.headers["x-forwarded-prefix"]).toBeUndefined();
    const preserve = JSON.parse((await req("/preserve", { host: "client.example" })).body) as {
      headers: Record<string, string>;
    };
    expect(preserve.headers["host"]).toBe("client.example");
    const regex = JSON.parse((await req("/items/42")).body) as { url: string };
    expect(regex.url).toBe("/");
    expect((await req("/items/x")).status).toBe(404);
  });
});
