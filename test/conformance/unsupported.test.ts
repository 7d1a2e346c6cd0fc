/**
 * Embedded-only: what Kong accepts but the emulator cannot run is refused at start and on reload
 * (SG_TARGET_UNSUPPORTED_CONFIG), never ignored; Enterprise-only plugins are refused as Kong OSS
 * refuses them (an unknown plugin, SG_KONG_CONFIG_INVALID).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isShadowgateError } from "../../src/errors.ts";
import { startEmbeddedGateway, type RunningEmbeddedGateway } from "../../src/gateway/index.ts";
import { rawRequest } from "./fixture.ts";

const withPlugin = (plugin: Record<string, unknown>): Record<string, unknown> => ({
  _format_version: "3.0",
  services: [
    { name: "s", url: "http://127.0.0.1:9", routes: [{ name: "r", paths: ["/r"], plugins: [plugin] }] },
  ],
});
const base = {
  _format_version: "3.0",
  services: [{ name: "s", url: "http://127.0.0.1:9", routes: [{ name: "r", paths: ["/r"] }] }],
};

async function startError(config: unknown): Promise<unknown> {
  try {
    const gw = await startEmbeddedGateway({ config, adminListen: null });
    await gw.close();
  } catch (e) {
    return e;
  }
  return undefined;
}

let gw: RunningEmbeddedGateway;
beforeAll(async () => {
  gw = await startEmbeddedGateway({ config: base });
});
afterAll(async () => {
  await gw?.close();
});

describe.runIf(process.env["SHADOWGATE_KONG_PROXY_URL"] === undefined)(
  "unsupported configs (embedded only)",
  () => {
    it("refuses to start with a bundled plugin it does not emulate, naming it and the fix", async () => {
      const e = await startError(withPlugin({ name: "cors" }));
      expect(isShadowgateError(e, "SG_TARGET_UNSUPPORTED_CONFIG")).toBe(true);
      expect((e as Error).message).toContain("cors (route 'r': plugin not emulated)");
      expect((e as Error).message).toContain("--target docker");
      expect((e as { exitCode: number }).exitCode).toBe(3);
    });

    it("also refuses the rate-limiting redis policy and Lua custom fields, but not a disabled plugin", async () => {
      expect(
        isShadowgateError(
          await startError(
            withPlugin({
              name: "rate-limiting",
              config: { minute: 1, policy: "redis", redis: { host: "r" } },
            }),
          ),
          "SG_TARGET_UNSUPPORTED_CONFIG",
        ),
      ).toBe(true);
      expect(
        isShadowgateError(
          await startError(
            withPlugin({
              name: "file-log",
              config: { path: "/tmp/x", custom_fields_by_lua: { a: "return 1" } },
            }),
          ),
          "SG_TARGET_UNSUPPORTED_CONFIG",
        ),
      ).toBe(true);
      expect(await startError(withPlugin({ name: "cors", enabled: false }))).toBeUndefined();
    });

    it("refuses Enterprise plugins as Kong OSS does: unknown plugin, code 14", async () => {
      const e = await startError(withPlugin({ name: "openid-connect" }));
      expect(isShadowgateError(e, "SG_KONG_CONFIG_INVALID")).toBe(true);
      expect((e as Error).message).toContain(
        "plugin 'openid-connect' not enabled; add it to the 'plugins' configuration property",
      );
    });

    it("POST /config answers 400 naming the plugin and keeps the running config", async () => {
      const before = gw.currentConfig();
      const res = await rawRequest(`${gw.adminUrl}/config`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(withPlugin({ name: "proxy-cache", config: {} })),
      });
      expect(res.status).toBe(400);
      const body = JSON.parse(res.body) as { name: string; message: string; code?: number };
      expect(body.name).toBe("unsupported by the embedded gateway");
      expect(body.message).toContain("proxy-cache");
      expect(body.code).toBeUndefined();
      expect(gw.currentConfig()).toBe(before);
      expect(() => gw.reload(withPlugin({ name: "proxy-cache" }))).toThrow(/proxy-cache/);
    });
  },
);
