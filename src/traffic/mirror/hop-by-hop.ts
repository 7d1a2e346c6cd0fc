import type { IncomingHttpHeaders } from "node:http";
// Connection-scoped headers a proxy must not forward (RFC 9110 §7.6.1): the same set Kong's nginx drops.
import { HOP_BY_HOP } from "../../gateway/kong-headers.ts";

/** End-to-end headers only, as a flat object; `host` is dropped too when `dropHost` (the client sets it). */
export function endToEndHeaders(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
  dropHost: boolean,
): Record<string, string | string[]> {
  const named = String(headers.connection ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(key) || named.includes(key)) continue;
    if (dropHost && key === "host") continue;
    out[key] = value;
  }
  return out;
}

/** One string per header (repeats joined), for records and diffs. */
export function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
