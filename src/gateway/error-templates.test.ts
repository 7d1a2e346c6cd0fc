import { describe, expect, it } from "vitest";
import { cjsonEncode, getResponseType, renderErrorTemplate } from "./error-templates.ts";

describe("Kong error templates", () => {
  it("negotiates the format from Accept like get_response_type", () => {
    expect(getResponseType(undefined)).toBe("application/json; charset=utf-8");
    expect(getResponseType("*/*")).toBe("application/json; charset=utf-8");
    expect(getResponseType("text/html")).toBe("text/html; charset=utf-8");
    expect(getResponseType("text/*")).toBe("text/plain; charset=utf-8");
    expect(getResponseType("text/html;q=0.5, application/xml")).toBe("application/xml; charset=utf-8");
    expect(getResponseType("image/png")).toBe("application/json; charset=utf-8");
  });

  it("renders the JSON template with Kong's newlines and no escaping", () => {
    expect(renderErrorTemplate("application/json; charset=utf-8", 'a "b"', "abc")).toBe(
      '{\n  "message":"a "b"",\n  "request_id":"abc"\n}',
    );
    expect(renderErrorTemplate("text/plain; charset=utf-8", "m", "id")).toBe("m\nrequest_id: id\n");
    expect(renderErrorTemplate("text/html; charset=utf-8", "m", "id")).toContain(
      "<p>m.</p>\n    <p>request_id: id</p>",
    );
  });

  it("escapes forward slashes like lua-cjson", () => {
    expect(cjsonEncode({ uri: "/orders" })).toBe('{"uri":"\\/orders"}');
  });
});
