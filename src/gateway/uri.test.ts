import { describe, expect, it } from "vitest";
import { escapeUri, normalizePath } from "./uri.ts";

describe("Kong path normalization (kong/tools/uri.lua)", () => {
  it("reproduces the PDK get_path example", () => {
    // kong.request.get_path() docs: "/t/Abc%20123%C3%B8%2f/parent/..//test/./" → "/t/Abc 123ø%2F/test/"
    expect(normalizePath("/t/Abc%20123%C3%B8%2f/parent/..//test/./")).toBe("/t/Abc 123\xC3\xB8%2F/test/");
  });

  it("decodes unreserved and 'other' bytes, keeps reserved ones encoded (upper-cased)", () => {
    expect(normalizePath("/%61%62c")).toBe("/abc");
    expect(normalizePath("/a%3fb%23c")).toBe("/a%3Fb%23c");
    expect(normalizePath("/%2e%2e/etc")).toBe("/etc");
  });

  it("removes dot segments and merges slashes", () => {
    expect(normalizePath("/a/b/../../../c")).toBe("/c");
    expect(normalizePath("//a///b/./c/.")).toBe("/a/b/c/");
    expect(normalizePath("/a/..")).toBe("/");
  });

  it("escapes what is unsafe for the upstream request line, byte by byte", () => {
    expect(escapeUri("/t/Abc 123\xC3\xB8%2F/test/")).toBe("/t/Abc%20123%C3%B8%2F/test/");
    expect(escapeUri("/ok/!$&'()*+,;=:@[]~-_.")).toBe("/ok/!$&'()*+,;=:@[]~-_.");
    expect(escapeUri('/a"b<c>')).toBe("/a%22b%3Cc%3E");
  });
});
