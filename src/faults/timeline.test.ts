import { describe, expect, it } from "vitest";
import { silentLogger } from "../log.ts";
import type { FaultSpec } from "../scenario/schema.ts";
import { createFaultTimeline } from "./timeline.ts";

const base = {
  _format_version: "3.0",
  routes: [
    { name: "deploy", paths: ["/deploy"] },
    { name: "artifacts", paths: ["/artifacts"] },
  ],
};

const block = (route: string, at: number, duration: number): FaultSpec => ({
  type: "block-route",
  route,
  at,
  for: duration,
  status: 503,
});

/** A virtual clock: sleeping advances time, so the timeline runs instantly and deterministically. */
function harness(specs: FaultSpec[], failPush?: (n: number) => boolean) {
  let now = 0;
  const pushes: { at: number; blocked: string[] }[] = [];
  const probes: string[] = [];
  let calls = 0;
  const timeline = createFaultTimeline(specs, {
    baseConfig: base,
    elapsedMs: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
    pushConfig: (doc) => {
      calls += 1;
      if (failPush?.(calls)) return Promise.reject(new Error("POST /config answered 400"));
      const routes = doc.routes as { name: string; plugins?: unknown[] }[];
      pushes.push({ at: now, blocked: routes.filter((r) => r.plugins?.length).map((r) => r.name) });
      return Promise.resolve();
    },
    probe: (id, when) => {
      probes.push(`${id}:${when}:${JSON.stringify(timeline.snapshot().active)}`);
      return Promise.resolve();
    },
    logger: silentLogger,
  });
  return { timeline, pushes, probes };
}

describe("fault timeline", () => {
  it("applies at `at`, probes while active, restores the base config after `for`", async () => {
    const { timeline, pushes, probes } = harness([block("deploy", 1500, 1500)]);
    await timeline.run(new AbortController().signal);
    expect(pushes).toEqual([
      { at: 1500, blocked: ["deploy"] },
      { at: 3000, blocked: [] },
    ]);
    expect(probes).toEqual([
      'block-route-deploy:during:["block-route-deploy"]',
      "block-route-deploy:after:[]",
    ]);
    expect(timeline.records()[0]).toMatchObject({ phase: "reverted", appliedAtMs: 1500, revertedAtMs: 3000 });
  });

  it("composes overlapping faults: each push holds every fault in force", async () => {
    const { timeline, pushes } = harness([block("deploy", 0, 2000), block("artifacts", 1000, 2000)]);
    await timeline.run(new AbortController().signal);
    expect(pushes.map((p) => p.blocked)).toContainEqual(["deploy", "artifacts"]);
    expect(pushes.at(-1)?.blocked).toEqual([]);
  });

  it("reports a fault whose config push failed, and still restores the base config", async () => {
    const { timeline, pushes } = harness([block("deploy", 0, 1000)], (call) => call === 1);
    await timeline.run(new AbortController().signal);
    expect(timeline.records()[0]).toMatchObject({ phase: "failed", error: "POST /config answered 400" });
    expect(pushes).toEqual([{ at: 0, blocked: [] }]);
  });

  it("does not apply faults after an abort", async () => {
    const controller = new AbortController();
    controller.abort();
    const { timeline, pushes } = harness([block("deploy", 500, 1000)]);
    await timeline.run(controller.signal);
    expect(pushes).toEqual([]);
    expect(timeline.records()[0]?.phase).toBe("pending");
  });
});
