import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { captureJsonSchema } from "./capture-schema.ts";

describe("published capture JSON Schema", () => {
  it("docs/capture.schema.json is generated from the zod schema (regenerate with npm run schema:capture)", () => {
    const committed: unknown = JSON.parse(
      readFileSync(new URL("../../docs/capture.schema.json", import.meta.url), "utf8"),
    );
    expect(committed).toEqual(captureJsonSchema());
  });

  it("requires the version and refuses unknown keys", () => {
    expect(captureJsonSchema()).toMatchObject({
      additionalProperties: false,
      required: expect.arrayContaining(["v", "at", "method", "path"]),
    });
  });
});
