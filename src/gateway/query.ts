/**
 * Query and cookie parsing with nginx/ngx_lua semantics: a valueless arg (`?jwt`) is `true`, an
 * empty one (`?jwt=`) is `""`, repeated args keep every value (kong.md §1.3).
 */
export type QueryValue = string | true;

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

export function parseQuery(raw: string): Map<string, QueryValue[]> {
  const out = new Map<string, QueryValue[]>();
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decode(eq === -1 ? part : part.slice(0, eq));
    const value: QueryValue = eq === -1 ? true : decode(part.slice(eq + 1));
    const list = out.get(key) ?? [];
    list.push(value);
    out.set(key, list);
  }
  return out;
}

/** `ngx.var.cookie_<name>`: the first cookie with that name. */
export function getCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq === -1) continue;
    if (pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** First occurrence of a header in raw (name, value) pairs, case-insensitive. */
export function firstHeader(rawHeaders: readonly string[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === lower) return rawHeaders[i + 1];
  }
  return undefined;
}
