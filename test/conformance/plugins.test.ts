/**
 * correlation-id, ip-restriction, rate-limiting, key-auth/acl options and plugin scope precedence
 * (kong.md §3, §4, §7.1, §9). Configs are pushed with POST /config, so each block is self-contained.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  rawRequest,
  startEchoUpstream,
  startTarget,
  type EchoUpstream,
  type RawResponse,
  type Target,
} from "./fixture.ts";

let up: EchoUpstream;
let target: Target;

const route = (name: string, plugins: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  name,
  paths: [`/${name}`],
  plugins,
  ...extra,
});
const config = (
  routes: Record<string, unknown>[],
  more: Record<string, unknown> = {},
): Record<string, unknown> => ({
  _format_version: "3.0",
  services: [{ name: "echo", url: `http://${up.host}:${up.port}`, routes }],
  consumers: [
    {
      username: "alice",
      custom_id: "a-1",
      keyauth_credentials: [{ key: "alice-key" }],
      acls: [{ group: "gold" }],
    },
    { username: "bob", keyauth_credentials: [{ key: "bob-key" }] },
    { username: "anon" },
  ],
  ...more,
});

beforeAll(async () => {
  up = await startEchoUpstream();
  target = await startTarget(config([route("open", [])]));
});
afterAll(async () => {
  await target?.close();
  await up?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  rawRequest(`${target.proxyUrl}${path}`, { headers });
const upstreamSaw = (res: RawResponse): Record<string, string> =>
  (JSON.parse(res.body) as { headers: Record<string, string> }).headers;
const message = (res: RawResponse): unknown => (JSON.parse(res.body) as { message: unknown }).message;

describe("correlation-id (§9)", () => {
  it("generates uuid#counter upstream, keeps a client value, echoes downstream", async () => {
    await target.load(
      config([
        route("cid", [{ name: "correlation-id", config: { echo_downstream: true } }]),
        route("cid-uuid", [
          { name: "correlation-id", config: { header_name: "X-Trace", generator: "uuid" } },
        ]),
      ]),
    );
    const first = await get("/cid");
    const id = upstreamSaw(first)["kong-request-id"];
    expect(id).toMatch(/^[0-9a-f-]{36}#\d+$/);
    expect(first.headers["kong-request-id"]).toBe(id);
    const second = upstreamSaw(await get("/cid"))["kong-request-id"]!;
    expect(Number(second.split("#")[1])).toBeGreaterThan(Number(id!.split("#")[1]));
    expect(upstreamSaw(await get("/cid", { "kong-request-id": "mine" }))["kong-request-id"]).toBe("mine");
    const uuid = await get("/cid-uuid");
    expect(upstreamSaw(uuid)["x-trace"]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(uuid.headers["x-trace"]).toBeUndefined();
  });
});

describe("ip-restriction (§9)", () => {
  it("checks deny before allow, answers family 2 with the client address", async () => {
    await target.load(
      config([
        route("deny", [{ name: "ip-restriction", config: { deny: ["127.0.0.0/8", "::1"] } }]),
        route("allow-other", [{ name: "ip-restriction", config: { allow: ["10.0.0.0/8"] } }]),
        route("allow-me", [{ name: "ip-restriction", config: { allow: ["127.0.0.1", "::1"] } }]),
        route("both", [{ name: "ip-restriction", config: { allow: ["127.0.0.1"], deny: ["127.0.0.1"] } }]),
        route("custom", [
          { name: "ip-restriction", config: { deny: ["127.0.0.1"], status: 401, message: "go away" } },
        ]),
      ]),
    );
    const denied = await get("/deny");
    expect(denied.status).toBe(403);
    expect(denied.body).toBe(
      `{\n  "message":"IP address not allowed: 127.0.0.1",\n  "request_id":"${String(denied.headers["x-kong-request-id"])}"\n}`,
    );
    expect((await get("/allow-other")).status).toBe(403);
    expect((await get("/allow-me")).status).toBe(200);
    expect((await get("/both")).status).toBe(403);
    const custom = await get("/custom", { accept: "text/plain" });
    expect(custom.status).toBe(401);
    expect(custom.body).toBe(`go away\nrequest_id: ${String(custom.headers["x-kong-request-id"])}\n`);
  });
});

/** Waits out the end of a minute so a fixed window does not roll over mid-test. */
async function awayFromMinuteEdge(): Promise<void> {
  const left = 60 - ((Date.now() / 1000) % 60);
  if (left < 3) await new Promise((r) => setTimeout(r, left * 1000 + 50));
}

describe("rate-limiting, local policy (§4)", () => {
  it("spec sequence minute=6: remaining 5..0,0 and 200×6 then 429 with every header", async () => {
    await target.load(config([route("rl", [{ name: "rate-limiting", config: { minute: 6 } }])]));
    await awayFromMinuteEdge();
    const responses: RawResponse[] = [];
    for (let i = 0; i < 7; i++) responses.push(await get("/rl"));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(responses.map((r) => r.headers["x-ratelimit-remaining-minute"])).toEqual([
      "5",
      "4",
      "3",
      "2",
      "1",
      "0",
      "0",
    ]);
    expect(responses.map((r) => r.headers["ratelimit-remaining"])).toEqual([
      "5",
      "4",
      "3",
      "2",
      "1",
      "0",
      "0",
    ]);
    for (const r of responses) {
      expect(r.headers["x-ratelimit-limit-minute"]).toBe("6");
      expect(r.headers["ratelimit-limit"]).toBe("6");
      expect(Number(r.headers["ratelimit-reset"])).toBeGreaterThanOrEqual(1);
      expect(Number(r.headers["ratelimit-reset"])).toBeLessThanOrEqual(60);
    }
    const blocked = responses[6]!;
    expect(blocked.headers["retry-after"]).toBe(blocked.headers["ratelimit-reset"]);
    expect(responses[0]!.headers["retry-after"]).toBeUndefined();
    expect(blocked.body).toBe(
      `{\n  "message":"API rate limit exceeded",\n  "request_id":"${String(blocked.headers["x-kong-request-id"])}"\n}`,
    );
  });

  it("reports the period with the lowest remaining; custom code/message; hidden headers", async () => {
    await target.load(
      config([
        route("rl-two", [{ name: "rate-limiting", config: { second: 2, hour: 100 } }]),
        route("rl-custom", [
          { name: "rate-limiting", config: { minute: 1, error_code: 404, error_message: "Fake Not Found" } },
        ]),
        route("rl-hidden", [{ name: "rate-limiting", config: { minute: 5, hide_client_headers: true } }]),
      ]),
    );
    const two = await get("/rl-two");
    expect(two.headers["x-ratelimit-remaining-second"]).toBe("1");
    expect(two.headers["x-ratelimit-remaining-hour"]).toBe("99");
    expect(two.headers["ratelimit-limit"]).toBe("2");
    expect(two.headers["ratelimit-remaining"]).toBe("1");
    await awayFromMinuteEdge();
    expect((await get("/rl-custom")).status).toBe(200);
    const custom = await get("/rl-custom");
    expect(custom.status).toBe(404);
    expect(message(custom)).toBe("Fake Not Found");
    const hidden = await get("/rl-hidden");
    expect(hidden.headers["x-ratelimit-limit-minute"]).toBeUndefined();
    expect(hidden.headers["ratelimit-remaining"]).toBeUndefined();
  });

  it("limit_by consumer, credential, header, path, service and ip keep separate counters", async () => {
    const rl = (limit_by: string, extra: Record<string, unknown> = {}) => [
      { name: "key-auth", config: { anonymous: "anon" } },
      { name: "rate-limiting", config: { minute: 1, limit_by, ...extra } },
    ];
    await target.load(
      config([
        route("by-consumer", rl("consumer")),
        route("by-credential", rl("credential")),
        route("by-header", rl("header", { header_name: "x-tenant" })),
        route("by-path", rl("path", { path: "/by-path/exact" })),
        route("by-service", rl("service")),
        route("by-ip", rl("ip")),
      ]),
    );
    await awayFromMinuteEdge();
    const statuses = async (path: string, headers: Record<string, string>[]): Promise<number[]> => {
      const out: number[] = [];
      for (const h of headers) out.push((await get(path, h)).status);
      return out;
    };
    const alice = { apikey: "alice-key" };
    const bob = { apikey: "bob-key" };
    expect(await statuses("/by-consumer", [alice, alice, bob])).toEqual([200, 429, 200]);
    expect(await statuses("/by-credential", [bob, bob, alice])).toEqual([200, 429, 200]);
    expect(
      await statuses("/by-header", [{ "x-tenant": "a" }, { "x-tenant": "a" }, { "x-tenant": "b" }]),
    ).toEqual([200, 429, 200]);
    // Only the exact configured path is its own identifier; any other path falls back to the IP.
    expect((await get("/by-path/exact")).status).toBe(200);
    expect((await get("/by-path/exact")).status).toBe(429);
    expect((await get("/by-path/other")).status).toBe(200);
    expect(await statuses("/by-service", [alice, bob])).toEqual([200, 429]);
    expect(await statuses("/by-ip", [alice, bob])).toEqual([200, 429]);
  });
});

describe("key-auth and acl options (§3)", () => {
  it("hide_credentials, realm, key_in_query=false, anonymous; acl deny and hidden groups", async () => {
    await target.load(
      config([
        route("hidden", [{ name: "key-auth", config: { hide_credentials: true, realm: "kong" } }]),
        route("header-only", [{ name: "key-auth", config: { key_in_query: false } }]),
        route("anon", [
          { name: "key-auth", config: { anonymous: "anon" } },
          { name: "acl", config: { allow: ["gold"] } },
        ]),
        route("deny", [
          { name: "key-auth" },
          { name: "acl", config: { deny: ["gold"], hide_groups_header: true } },
        ]),
      ]),
    );
    const hidden = await get("/hidden?apikey=alice-key&x=1");
    expect(hidden.status).toBe(200);
    expect((JSON.parse(hidden.body) as { url: string }).url).toBe("/?x=1");
    expect(upstreamSaw(await get("/hidden", { apikey: "alice-key" }))["apikey"]).toBeUndefined();
    expect((await get("/hidden")).headers["www-authenticate"]).toBe('Key realm="kong"');
    expect(message(await get("/header-only?apikey=alice-key"))).toBe("No API key found in request");
    const anon = await get("/anon");
    expect(anon.status).toBe(401); // anonymous consumer without groups, allow mode
    expect(message(anon)).toBe("Unauthorized");
    const gold = upstreamSaw(await get("/anon", { apikey: "alice-key" }));
    expect(gold["x-consumer-groups"]).toBe("gold");
    expect(gold["x-consumer-custom-id"]).toBe("a-1");
    expect((await get("/deny", { apikey: "alice-key" })).status).toBe(403);
    const bob = await get("/deny", { apikey: "bob-key" });
    expect(bob.status).toBe(200);
    expect(upstreamSaw(bob)["x-consumer-groups"]).toBeUndefined();
  });
});

describe("plugin scope precedence, all eight levels (§7.1)", () => {
  const LEVELS: [string, Record<string, string>][] = [
    ["route+service+consumer", { route: "scoped", service: "echo", consumer: "alice" }],
    ["route+consumer", { route: "scoped", consumer: "alice" }],
    ["service+consumer", { service: "echo", consumer: "alice" }],
    ["route+service", { route: "scoped", service: "echo" }],
    ["consumer", { consumer: "alice" }],
    ["route", { route: "scoped" }],
    ["service", { service: "echo" }],
    ["global", {}],
  ];
  it.each(LEVELS.map(([name], i) => [name, i] as const))(
    "%s wins over every less specific level",
    async (name, i) => {
      const plugins = LEVELS.slice(i).map(([level, scope]) => ({
        name: "request-termination",
        config: { status_code: 418, message: level },
        ...scope,
      }));
      await target.load(config([route("scoped", [{ name: "key-auth" }])], { plugins }));
      const res = await get("/scoped", { apikey: "alice-key" });
      expect(res.status).toBe(418);
      expect(message(res)).toBe(name);
    },
  );
});
