import { describe, expect, it } from "vitest";
import { kongEntityId, uuidV5 } from "./uuid-v5.ts";

describe("uuidV5", () => {
  it("matches the RFC 4122 / Python uuid5 reference value", () => {
    // python3 -c 'import uuid; print(uuid.uuid5(uuid.NAMESPACE_DNS, "www.example.com"))'
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("gives stable, type-scoped entity ids", () => {
    expect(kongEntityId("services", "orders")).toBe(kongEntityId("services", "orders"));
    expect(kongEntityId("services", "orders")).not.toBe(kongEntityId("routes", "orders"));
  });
});
