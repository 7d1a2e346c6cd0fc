import { describe, expect, it } from "vitest";
import {
  BUILDKITE_ISS,
  findingsOf,
  jwt,
  oneRoute,
  rsaConsumer,
  SOUND_JWT,
  summaryOf,
} from "./audit-fixtures.test-support.ts";

const ISS_KEYED = { ...SOUND_JWT, key_claim_name: "iss" };
const RULE = "jwt-buildkite-iss-shared-across-organizations";

describe("Buildkite iss shared across organizations", () => {
  it("is critical when a jwt keyed on iss meets an RS256 credential keyed https://agent.buildkite.com", () => {
    const doc = oneRoute([jwt(ISS_KEYED)], { consumers: [rsaConsumer("buildkite", BUILDKITE_ISS)] });
    const f = findingsOf(doc, RULE);
    expect(summaryOf(f)).toEqual([`critical ${RULE} @ route api (plugin jwt on route api)`]);
    expect(f[0]!.demonstratedBy).toEqual(["other-organization"]);
    expect(f[0]!.fix).toMatch(/key_claim_name: organization_id/);
  });

  it("applies Kong's default key_claim_name iss when the config omits it", () => {
    const { key_claim_name: _omit, ...defaults } = SOUND_JWT;
    const doc = oneRoute([jwt(defaults)], { consumers: [rsaConsumer("buildkite", BUILDKITE_ISS)] });
    expect(findingsOf(doc, RULE)).toHaveLength(1);
  });

  it("stays critical with an acl: every Buildkite token maps to the same consumer", () => {
    const doc = oneRoute([jwt(ISS_KEYED), { name: "acl", config: { allow: ["ci"] } }], {
      consumers: [rsaConsumer("buildkite", BUILDKITE_ISS, { acls: [{ group: "ci" }] })],
    });
    expect(findingsOf(doc, RULE)[0]!.severity).toBe("critical");
  });

  it("drops to high when a pre-function in scope may check claims the audit cannot read", () => {
    const doc = oneRoute([jwt(ISS_KEYED)], {
      consumers: [rsaConsumer("buildkite", BUILDKITE_ISS)],
      plugins: [{ name: "pre-function", config: { access: ["-- checks organization_slug"] } }],
    });
    const [f] = findingsOf(doc, RULE);
    expect(f!.severity).toBe("high");
    expect(f!.kongBehaviour).toContain("pre-function on this route");
  });

  it("reports every route a global jwt protects", () => {
    const doc = {
      _format_version: "3.0",
      services: [
        {
          name: "api",
          url: "http://api.internal",
          routes: [
            { name: "a", paths: ["/a"] },
            { name: "b", paths: ["/b"] },
          ],
        },
      ],
      consumers: [rsaConsumer("buildkite", BUILDKITE_ISS)],
      plugins: [jwt(ISS_KEYED)],
    };
    expect(summaryOf(findingsOf(doc, RULE))).toEqual([
      `critical ${RULE} @ route a (global plugin jwt)`,
      `critical ${RULE} @ route b (global plugin jwt)`,
    ]);
  });

  it("is not reported when the credential is keyed on the organization's id claim", () => {
    const doc = oneRoute([jwt()], {
      consumers: [rsaConsumer("acme", "0184990a-477b-4fa8-9968-4960744830aa")],
    });
    expect(findingsOf(doc, RULE)).toEqual([]);
  });

  it("is not reported for an HS256 credential keyed on Buildkite's iss (never verifies Buildkite's key)", () => {
    const doc = oneRoute([jwt(ISS_KEYED)], {
      consumers: [
        { username: "x", jwt_secrets: [{ key: BUILDKITE_ISS, algorithm: "HS256", secret: "s".repeat(32) }] },
      ],
    });
    expect(findingsOf(doc, RULE)).toEqual([]);
  });

  it("is not reported on a route request-termination answers, nor on a route without jwt", () => {
    const doc = {
      _format_version: "3.0",
      services: [
        {
          name: "api",
          url: "http://api.internal",
          routes: [
            { name: "closed", paths: ["/c"], plugins: [jwt(ISS_KEYED), { name: "request-termination" }] },
            { name: "open", paths: ["/o"] },
          ],
        },
      ],
      consumers: [rsaConsumer("buildkite", BUILDKITE_ISS)],
    };
    expect(findingsOf(doc, RULE)).toEqual([]);
  });
});
