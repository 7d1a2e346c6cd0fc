import { describe, expect, it } from "vitest";
import type { Observation } from "../replay/types.ts";
import { replayChecks, replayOutcome } from "./replay-checks.ts";
import { tallyReplay } from "./replay-tally.ts";

const obs = (over: Partial<Observation>): Observation => ({
  exchangeId: "x",
  kind: "replay",
  method: "GET",
  path: "/a",
  token: "minted",
  intendedAtMs: 0,
  sentAtMs: 0,
  latencyUs: 100,
  status: 200,
  bodyExcerpt: "",
  responseHeaders: {},
  upstreamHit: true,
  activeFaults: [],
  faultTransition: false,
  recordedStatus: 200,
  ...over,
});

describe("replay checks", () => {
  it("passes when served traffic is still served and refused traffic still refused", () => {
    const [check] = replayChecks(
      tallyReplay([obs({}), obs({ recordedStatus: 403, status: 401, upstreamHit: false })]),
    );
    expect(check?.status).toBe("pass");
  });

  it("fails on a request production served that the shadow gateway now refuses (breaking)", () => {
    const [check] = replayChecks(
      tallyReplay([
        obs({
          status: 401,
          upstreamHit: false,
          captureLine: 4,
          bodyExcerpt: '{"message":"Invalid signature"}',
        }),
      ]),
    );
    expect(check?.status).toBe("fail");
    expect(check?.evidence?.[0]).toMatch(/capture line 4 .*recorded 200, got 401, did not reach upstream/);
  });

  it("fails on a request production refused that now reaches the upstream (risky)", () => {
    expect(replayChecks(tallyReplay([obs({ recordedStatus: 401 })]))[0]?.status).toBe("fail");
  });

  it("leaves exchanges sent while a fault was in force to the fault checks", () => {
    const blocked = obs({ status: 503, upstreamHit: false, activeFaults: ["block"] });
    expect(replayOutcome(blocked)).toBe("faulted");
    expect(replayOutcome(obs({ faultTransition: true, status: 503 }))).toBe("uncertain");
    expect(replayChecks(tallyReplay([blocked, obs({})]))[0]?.status).toBe("pass");
  });
});
