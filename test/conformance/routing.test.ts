/** Router and proxy variants (kong.md §6): hosts, headers, regex_priority, path handling, normalization. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest, startEchoUpstream, startTarget, type EchoUpstream, type Target } from "./fixture.ts";

let up: EchoUpstream;
let target: Target;

beforeAll(async () => {
  up = await startEchoUpstream();
  const url = `http://${up.host}:${up.port}`;
  const svc = (name: string, path: string, routes: Record<string, unknown>[]): Record<string, unknown> => ({
    name,
    url: `${url}${path}`,
    routes,
  });
  target = await startTarget({
    _format_version: "3.0",
    services: [
      svc("hosts", "/hosts", [
        { name: "exact", hosts: ["exact.test"], paths: ["/h"] },
        { name: "wild-prefix", hosts: ["*.wild.test"], paths: ["/h"] },
        { name: "wild-suffix", hosts: ["api.*"], paths: ["/h"] },
      ]),
      svc("headers", "/with-header", [
        { name: "hdr", paths: ["/hdr"], headers: { "x-version": ["v2", "~*^beta"] } },
      ]),
      svc("no-header", "/without-header", [{ name: "no-hdr", paths: ["/hdr"] }]),
      svc("low", "/low", [{ name: "low", paths: ["~/rp/\\d+$"] }]),
      svc("high", "/high", [{ name: "high", paths: ["~/rp/1\\d*$"], regex_priority: 10 }]),
      svc("longest", "/longest", [{ name: "longest", paths: ["/pre/fix"] }]),
      svc("shorter", "/shorter", [{ name: "shorter", paths: ["/pre"] }]),
      svc("slash-base", "/base/", [
        { name: "strip-slash", paths: ["/sb"] },
        { name: "nostrip-slash", paths: ["/nsb"], strip_path: false },
      ]),
      svc("plain-base", "/base", [
        { name: "strip-plain", paths: ["/pb"] },
        { name: "nostrip-plain", paths: ["/npb"], strip_path: false },
        { name: "methods", paths: ["/only-post"], methods: ["POST"] },
      ]),
      svc("root", "", [{ name: "norm", paths: ["/norm"] }]),
      {
        name: "nxdomain",
        url: "http://shadowgate-missing.invalid:8080",
        routes: [{ name: "nxdomain", paths: ["/nxdomain"] }],
      },
    ],
    routes: [{ name: "no-service", paths: ["/no-service"] }],
  });
});
afterAll(async () => {
  await target?.close();
  await up?.close();
});

const seenUrl = async (
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<string> => {
  const res = await rawRequest(`${target.proxyUrl}${path}`, { headers, method });
  expect(res.status, `${method} ${path}`).toBe(200);
  return (JSON.parse(res.body) as { url: string }).url;
};

describe("router (§6)", () => {
  it("matches exact and wildcard hosts, any port unless the route names one", async () => {
    expect(await seenUrl("/h", { host: "exact.test:8000" })).toBe("/hosts");
    expect(await seenUrl("/h", { host: "a.wild.test" })).toBe("/hosts");
    expect(await seenUrl("/h", { host: "api.example" })).toBe("/hosts");
    expect((await rawRequest(`${target.proxyUrl}/h`, { headers: { host: "wild.test" } })).status).toBe(404);
  });

  it("matches headers (exact, case-insensitive, ~* regex) before routes without them", async () => {
    expect(await seenUrl("/hdr", { "x-version": "V2" })).toBe("/with-header");
    expect(await seenUrl("/hdr", { "x-version": "Beta-7" })).toBe("/with-header");
    expect(await seenUrl("/hdr", { "x-version": "v3" })).toBe("/without-header");
    expect(await seenUrl("/hdr")).toBe("/without-header");
  });

  it("orders regex routes by regex_priority and prefixes by length", async () => {
    expect(await seenUrl("/rp/123")).toBe("/high");
    expect(await seenUrl("/rp/223")).toBe("/low");
    expect(await seenUrl("/pre/fix/x")).toBe("/longest/x");
    expect(await seenUrl("/pre/x")).toBe("/shorter/x");
  });

  it("matches methods", async () => {
    expect(await seenUrl("/only-post", {}, "POST")).toBe("/base");
    expect((await rawRequest(`${target.proxyUrl}/only-post`)).status).toBe(404);
  });

  it("joins service path and request path like path_handling v0", async () => {
    expect(await seenUrl("/sb")).toBe("/base");
    expect(await seenUrl("/sb/")).toBe("/base/");
    expect(await seenUrl("/sb/x?q=1")).toBe("/base/x?q=1");
    expect(await seenUrl("/nsb/x")).toBe("/base/nsb/x");
    expect(await seenUrl("/pb")).toBe("/base");
    expect(await seenUrl("/pb/x")).toBe("/base/x");
    expect(await seenUrl("/npb/x")).toBe("/base/npb/x");
  });

  it("routes on the normalized path and escapes what it sends upstream", async () => {
    expect(await seenUrl("/%6Eorm/x")).toBe("/x");
    expect(await seenUrl("/norm/a/../b/./c")).toBe("/b/c");
    expect(await seenUrl("//norm//y")).toBe("/y");
    expect(await seenUrl("/norm/a%2fb")).toBe("/a%2Fb");
    expect(await seenUrl("/norm/%C3%A9%20x")).toBe("/%C3%A9%20x");
    expect((await rawRequest(`${target.proxyUrl}/norm/../secret`)).status).toBe(404);
  });
});

describe("Kong-generated 503s (§6.1)", () => {
  it("route without a service → 503 no Service found (family 2)", async () => {
    const res = await rawRequest(`${target.proxyUrl}/no-service`);
    expect(res.status).toBe(503);
    expect(res.body).toBe(
      `{\n  "message":"no Service found with those values",\n  "request_id":"${String(res.headers["x-kong-request-id"])}"\n}`,
    );
  });

  it("upstream host that does not resolve → 503 name resolution failed", async () => {
    const res = await rawRequest(`${target.proxyUrl}/nxdomain`, { headers: { accept: "text/plain" } });
    expect(res.status).toBe(503);
    expect(res.body).toBe(
      `name resolution failed\nrequest_id: ${String(res.headers["x-kong-request-id"])}\n`,
    );
  });
});
