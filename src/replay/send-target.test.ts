import { describe, expect, it } from "vitest";
import { isPlainPath, resolveTarget, sendTarget } from "./send-target.ts";

const BASE = "http://127.0.0.1:8000/ignored/prefix";

function viaUrl(path: string): { origin: string; path: string } {
  const url = new URL(path, BASE);
  return { origin: url.origin, path: url.search ? `${url.pathname}${url.search}` : url.pathname };
}

/** The result, or the error's name when it throws (`//` followed by a bad host is no URL at all). */
function outcome(resolve: () => unknown): unknown {
  try {
    return resolve();
  } catch (error) {
    return (error as Error).name;
  }
}

describe("resolveTarget", () => {
  it("resolves paths exactly as new URL(path, base) does, fast path or not", () => {
    const target = sendTarget(BASE);
    const cases = [
      "/",
      "/artifacts/pipeline-1/1/file-1.json",
      "/a?b=1&c=%20",
      "/a?",
      "//evil.example/x",
      "/a/../b",
      "/a/%2E%2e/b",
      "/a/./b",
      "/a/.well-known/x",
      "/a b",
      "/a#frag",
      "/a\\b",
      "/é",
      "/a?x='1'",
      "/a?q=%zz",
    ];
    // Random paths over an alphabet of every character class the URL parser treats specially.
    const alphabet = "/?#.%2eE\\ '\"<>`{}|^[]aZ09-_~!$&()*+,;=:@é\t";
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 20_000; i += 1) {
      let path = "/";
      const length = next() % 12;
      for (let j = 0; j < length; j += 1) path += alphabet[next() % alphabet.length];
      cases.push(path);
    }
    let plain = 0;
    for (const path of cases) {
      if (isPlainPath(path)) plain += 1;
      expect(
        outcome(() => resolveTarget(target, path)),
        path,
      ).toEqual(outcome(() => viaUrl(path)));
    }
    expect(plain).toBeGreaterThan(1000);
  });

  it("skips the URL parser only for plain paths", () => {
    expect(isPlainPath("/artifacts/pipeline-1/1/file-1.json?x=1")).toBe(true);
    expect(isPlainPath("/a/../b")).toBe(false);
    expect(isPlainPath("/a?")).toBe(false);
    expect(isPlainPath("//host/x")).toBe(false);
  });

  it("throws as new URL does when the base is not a URL", () => {
    expect(() => resolveTarget(sendTarget("not a url"), "/x")).toThrow(TypeError);
  });
});
