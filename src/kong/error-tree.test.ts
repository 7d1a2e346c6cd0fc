import { describe, expect, it } from "vitest";
import { declarativeErrorBody, luaPretty, toCjson } from "./error-tree.ts";

describe("luaPretty (penlight pretty.write)", () => {
  it("prints Kong's documented example exactly", () => {
    const fields = {
      services: [{ port: "value should be between 0 and 65535", host: "required field missing" }],
    };
    expect(declarativeErrorBody(fields)).toEqual({
      code: 14,
      name: "invalid declarative configuration",
      message:
        'declarative config is invalid: {services={{host="required field missing",port="value should be between 0 and 65535"}}}',
      fields: { services: [{ host: "required field missing", port: "value should be between 0 and 65535" }] },
    });
  });

  it("writes sparse indices and non-identifier keys the Lua way", () => {
    const errs: unknown[] = [];
    errs[2] = { "@entity": ["bad"] };
    expect(luaPretty({ routes: errs })).toBe('{routes={[3]={["@entity"]={"bad"}}}}');
    expect(toCjson({ routes: errs })).toEqual({ routes: [null, null, { "@entity": ["bad"] }] });
  });

  it("turns excessively sparse arrays into objects like lua-cjson", () => {
    const errs: unknown[] = [];
    errs[20] = "x";
    expect(toCjson(errs)).toEqual({ "21": "x" });
  });
});
