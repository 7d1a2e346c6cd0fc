import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "./schema.ts";

describe("published scenario JSON Schema", () => {
  it("docs/scenario.schema.json is what `shadowgate schema` prints (regenerate with npm run schema)", () => {
    const committed: unknown = JSON.parse(
      readFileSync(new URL("../../docs/scenario.schema.json", import.meta.url), "utf8"),
    );
    expect(committed).toEqual(scenarioJsonSchema());
  });

  it("rejects unknown keys for editors too", () => {
    expect(scenarioJsonSchema()).toMatchObject({
      additionalProperties: false,
      required: expect.arrayContaining(["version", "kong"]),
    });
  });
});
