import { describe, expect, it } from "vitest";
import type { AuditFinding } from "../kong/audit-types.ts";
import type { ScenarioResult } from "./types.ts";
import { untestedFindingsNote, untestedSevereFindings } from "./untested-findings.ts";

const finding = (id: string, severity: AuditFinding["severity"], demonstratedBy: string[]): AuditFinding => ({
  id,
  severity,
  title: id,
  entity: "route r",
  kongBehaviour: "",
  demonstratedBy,
  fix: "",
});

const result = (audit: AuditFinding[], forgedCases: string[]) =>
  ({
    audit,
    forged: forgedCases.map((c) => ({
      case: c,
      description: c,
      status: 401,
      accepted: false,
      upstreamHit: false,
    })),
  }) as unknown as ScenarioResult;

describe("audit findings a run did not test", () => {
  it("lists severe findings whose demonstrating cases were not sent, and suggests them", () => {
    const r = result(
      [
        finding("shared-iss", "critical", ["other-organization"]),
        finding("no-exp", "high", ["expired"]),
        finding("twin", "medium", []),
      ],
      ["expired"],
    );
    expect(untestedSevereFindings(r).map((f) => f.id)).toEqual(["shared-iss"]);
    expect(untestedFindingsNote(r).join("\n")).toContain("Add `other-organization` to `forged.cases`");
  });

  it("says nothing when every severe finding was put to the test", () => {
    expect(untestedFindingsNote(result([finding("no-exp", "high", ["expired"])], ["expired"]))).toEqual([]);
  });
});
