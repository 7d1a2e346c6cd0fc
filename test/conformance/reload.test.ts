import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isShadowgateError } from "../../src/errors.ts";
import { startEmbeddedGateway, type RunningEmbeddedGateway } from "../../src/gateway/index.ts";
import { rawRequest, startEchoUpstream, type EchoUpstream } from "./fixture.ts";

// Embedded-only: reload() is the library API behind POST /config.
let up: EchoUpstream;
let gw: RunningEmbeddedGateway;

const configFor = (path: string): Record<string, unknown> => ({
  _format_version: "3.0",
  services: [
    {
      name: "echo",
      url: `http://${up.host}:${up.port}`,
      routes: [{ name: "r", paths: [path], strip_path: false }],
    },
  ],
});

beforeAll(async () => {
  up = await startEchoUpstream();
  gw = await startEmbeddedGateway({ config: configFor("/slow"), adminListen: null });
});
afterAll(async () => {
  await gw?.close();
  await up?.close();
});

describe("reload", () => {
  it("is atomic: an in-flight request finishes on the snapshot it started with", async () => {
    const inFlight = rawRequest(`${gw.proxyUrl}/slow/300`);
    await new Promise((r) => setTimeout(r, 50));
    gw.reload(configFor("/other"));
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ url: "/slow/300" });
    expect((await rawRequest(`${gw.proxyUrl}/slow/1`)).status).toBe(404);
    expect((await rawRequest(`${gw.proxyUrl}/other`)).status).toBe(200);
  });

  it("a failed reload throws SG_KONG_CONFIG_INVALID and keeps the running config", () => {
    const before = gw.currentConfig();
    let error: unknown;
    try {
      gw.reload({ _format_version: "3.0", plugins: [{ name: "openid-connect" }] });
    } catch (e) {
      error = e;
    }
    expect(isShadowgateError(error, "SG_KONG_CONFIG_INVALID")).toBe(true);
    expect(gw.currentConfig()).toBe(before);
  });
});
