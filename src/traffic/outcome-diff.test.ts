import { describe, expect, it } from "vitest";
import { createDiffTally } from "./diff-tally.ts";
import { diffOutcomes, routePrefix } from "./outcome-diff.ts";

describe("diffOutcomes (Diffy-style, by authorization outcome)", () => {
  it("classifies served→refused as newly rejected and refused→served as newly accepted", () => {
    expect(diffOutcomes({ status: 200 }, { status: 401 }).class).toBe("newly-rejected");
    expect(diffOutcomes({ status: 403 }, { status: 201 }).class).toBe("newly-accepted");
    expect(diffOutcomes({ status: 201 }, { status: 200 }).class).toBe("same");
    expect(diffOutcomes({ status: 201 }, { status: 200 }, { exactStatus: true }).class).toBe("other");
    expect(diffOutcomes({ status: 200 }, { status: 429 }).class).toBe("other");
    expect(diffOutcomes({ status: 200 }, { status: 0 }).class).toBe("other");
  });

  it("ignores headers that always differ, and reports the others", () => {
    const a = {
      status: 200,
      headers: { Date: "x", "X-Kong-Request-Id": "1", "content-type": "application/json" },
    };
    const b = { status: 200, headers: { date: "y", "x-kong-request-id": "2", "content-type": "text/plain" } };
    expect(diffOutcomes(a, b)).toEqual({ class: "other", headers: ["content-type"] });
    expect(diffOutcomes(a, b, { ignoreHeaders: ["Content-Type"] }).class).toBe("same");
  });
});

describe("diff tally", () => {
  it("groups by route prefix and pipeline, breaking groups first", () => {
    const tally = createDiffTally();
    tally.add({ path: "/artifacts/a?x=1", pipeline: "web", class: "same" });
    tally.add({
      path: "/deploy/staging",
      pipeline: "docs",
      class: "newly-rejected",
      sample: () => "POST /deploy/staging",
    });
    tally.add({ path: "/deploy/prod", pipeline: "docs", class: "same" });
    const summary = tally.summary();
    expect(summary.totals).toEqual({ same: 2, "newly-rejected": 1, "newly-accepted": 0, other: 0 });
    expect(summary.groups.map((g) => [g.route, g.pipeline, g.counts.same, g.samples])).toEqual([
      ["/deploy", "docs", 1, ["POST /deploy/staging"]],
      ["/artifacts", "web", 1, []],
    ]);
    expect(routePrefix("/")).toBe("/");
  });
});
