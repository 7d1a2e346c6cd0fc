import { describe, expect, it } from "vitest";
import { GenerationalCache } from "./generational-cache.ts";

describe("GenerationalCache", () => {
  it("never holds more than its capacity", () => {
    const cache = new GenerationalCache<number, number>(10);
    for (let i = 0; i < 1000; i += 1) {
      cache.set(i, i);
      expect(cache.size).toBeLessThanOrEqual(10);
    }
  });

  it("keeps an entry used within the last capacity/2 insertions, however many came before", () => {
    const cache = new GenerationalCache<string, number>(10);
    cache.set("job", 1);
    for (let i = 0; i < 1000; i += 1) {
      cache.set(`other-${i}`, i);
      if (i % 4 === 0) expect(cache.get("job")).toBe(1); // used every 4 insertions: kept
    }
    expect(cache.get("job")).toBe(1);
  });

  it("forgets an entry not used for a full capacity of insertions", () => {
    const cache = new GenerationalCache<string, number>(10);
    cache.set("job", 1);
    for (let i = 0; i < 10; i += 1) cache.set(`other-${i}`, i);
    expect(cache.get("job")).toBeUndefined();
  });

  it("set replaces a value in place, wherever the entry is", () => {
    const cache = new GenerationalCache<string, number>(4);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3); // "a" and "b" are now the older generation
    cache.set("a", 10);
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.size]).toEqual([10, 2, 3, 3]);
  });
});
