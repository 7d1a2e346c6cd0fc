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

beforeAll(async () => {
  up = await startEchoUpstream();
  target = await startTarget({
    _format_version: "3.0",
    services: [
      {
        name: "echo",
        url: `http://${up.host}:${up.port}`,
        routes: [
          {
            name: "keyed",
            paths: ["/keyed"],
            plugins: [
              { name: "key-auth" },
              { name: "acl", config: { allow: ["readers"] } },
              { name: "rate-limiting", config: { minute: 3, policy: "local" } },
            ],
          },
        ],
      },
    ],
    consumers: [
      {
        username: "reader",
        keyauth_credentials: [{ key: "reader-key" }],
        acls: [{ group: "readers" }, { group: "pro" }],
      },
      { username: "outsider", keyauth_credentials: [{ key: "outsider-key" }] },
    ],
  });
});
afterAll(async () => {
  await target?.close();
  await up?.close();
});

const req = (path: string, headers: Record<string, string> = {}) =>
  rawRequest(`${target.proxyUrl}${path}`, { headers });
const message = (body: string): unknown => (JSON.parse(body) as { message: unknown }).message;

describe("key-auth, acl and rate-limiting (§3, §4)", () => {
  it("key-auth failures are family 2 with WWW-Authenticate: Key", async () => {
    const none = await req("/keyed");
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBe("Key");
    expect(none.body).toBe(
      `{\n  "message":"No API key found in request",\n  "request_id":"${String(none.headers["x-kong-request-id"])}"\n}`,
    );
    expect(message((await req("/keyed", { apikey: "nope" })).body)).toBe("Unauthorized");
    expect(message((await req("/keyed?apikey=a&apikey=b")).body)).toBe("Duplicate API key found");
  });

  it("acl blocks consumers outside the allow list with 403", async () => {
    const res = await req("/keyed", { apikey: "outsider-key" });
    expect(res.status).toBe(403);
    expect(message(res.body)).toBe("You cannot consume this service");
  });

  it("rate-limiting counts allowed requests and answers 429 with Retry-After", async () => {
    const remaining: string[] = [];
    const statuses: number[] = [];
    const responses: RawResponse[] = [];
    for (let i = 0; i < 4; i++) {
      const last = await req("/keyed", { apikey: "reader-key" });
      statuses.push(last.status);
      remaining.push(String(last.headers["x-ratelimit-remaining-minute"]));
      responses.push(last);
    }
    const last = responses.at(-1)!;
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(remaining).toEqual(["2", "1", "0", "0"]);
    expect(last.headers["x-ratelimit-limit-minute"]).toBe("3");
    expect(last.headers["retry-after"]).toBe(last.headers["ratelimit-reset"]);
    expect(message(last.body)).toBe("API rate limit exceeded");
  });

  it("sets consumer, credential id and groups headers upstream", async () => {
    await target.load({
      _format_version: "3.0",
      services: [
        {
          name: "echo",
          url: `http://${up.host}:${up.port}`,
          routes: [
            {
              name: "k",
              paths: ["/k"],
              plugins: [{ name: "key-auth" }, { name: "acl", config: { allow: ["readers"] } }],
            },
          ],
        },
      ],
      consumers: [
        {
          username: "reader",
          keyauth_credentials: [{ key: "reader-key" }],
          acls: [{ group: "readers" }, { group: "pro" }],
        },
      ],
    });
    const seen = JSON.parse((await req("/k", { apikey: "reader-key" })).body) as {
      headers: Record<string, string>;
    };
    expect(seen.headers["x-consumer-username"]).toBe("reader");
    expect(seen.headers["x-credential-identifier"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.headers["x-consumer-groups"]).toBe("readers, pro");
  });
});
