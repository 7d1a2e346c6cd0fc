/**
 * Kong's validation error tables and how Kong prints them (kong.md §7.4).
 * Entity lists are JS arrays that may be sparse (only the failing indices are set), exactly like the
 * Lua tables Kong builds; `luaPretty` reproduces penlight's `pretty.write(t, "")` used in the message,
 * and `toCjson` reproduces lua-cjson's array/object choice for the `fields` JSON.
 */
import type { KongDeclarativeErrorBody } from "./types.ts";

export type ErrTree = string | ErrTree[] | { [key: string]: ErrTree };

const LUA_KEYWORDS = new Set(
  "and break do else elseif end false for function goto if in local nil not or repeat return then true until while".split(
    " ",
  ),
);

function luaString(s: string): string {
  // penlight's quote_string: long brackets for multi-line strings, %q escaping otherwise.
  if (s.includes("\n") && !s.includes("\r")) {
    let eq = "";
    while (s.includes(`]${eq}]`)) eq += "=";
    return `[${eq}[${s.startsWith("\n") ? "\n" : ""}${s}]${eq}]`;
  }
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r/g, "\\r").replace(/\0/g, "\\0")}"`;
}

function luaKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !LUA_KEYWORDS.has(key) ? key : `[${luaString(key)}]`;
}

/** penlight `pretty.write(value, "")`: array part first, then keys sorted, no spaces. */
export function luaPretty(value: unknown): string {
  if (typeof value === "string") return luaString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "nil";
  const parts: string[] = [];
  if (Array.isArray(value)) {
    let contiguous = true;
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || value[i] === undefined) {
        contiguous = false;
        continue;
      }
      parts.push(contiguous ? luaPretty(value[i]) : `[${i + 1}]=${luaPretty(value[i])}`);
    }
    return `{${parts.join(",")}}`;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj).sort()) {
    if (obj[key] !== undefined) parts.push(`${luaKey(key)}=${luaPretty(obj[key])}`);
  }
  return `{${parts.join(",")}}`;
}

/** lua-cjson: sparse arrays become arrays with nulls unless "excessively sparse" (max > 10 and > 2x items). */
export function toCjson(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined).length;
    const max = value.length;
    if (max > 10 && max > items * 2) {
      const out: Record<string, unknown> = {};
      value.forEach((v, i) => {
        if (v !== undefined) out[String(i + 1)] = toCjson(v);
      });
      return out;
    }
    return Array.from({ length: max }, (_, i) => (value[i] === undefined ? null : toCjson(value[i])));
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toCjson(v);
    return out;
  }
  return value;
}

/** `kong.db.errors:declarative_config(err_t)` as rendered by POST /config (code 14). */
export function declarativeErrorBody(fields: Record<string, ErrTree>): KongDeclarativeErrorBody {
  return {
    code: 14,
    name: "invalid declarative configuration",
    message: `declarative config is invalid: ${luaPretty(fields)}`,
    fields: toCjson(fields) as Record<string, unknown>,
  };
}

/** Sets `tree[path...] = leaf`, creating arrays for numeric segments and objects otherwise. */
export function setErr(
  root: Record<string, ErrTree>,
  path: readonly (string | number)[],
  leaf: ErrTree,
): void {
  let node: Record<string, ErrTree> | ErrTree[] = root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    const nextIsIndex = typeof path[i + 1] === "number";
    const container = node as Record<string | number, ErrTree | undefined>;
    let child = container[seg];
    if (child === undefined || typeof child === "string") {
      child = nextIsIndex ? [] : {};
      container[seg] = child;
    }
    node = child;
  }
  (node as Record<string | number, ErrTree>)[path[path.length - 1]!] = leaf;
}

export function isEmptyErr(tree: Record<string, ErrTree>): boolean {
  return Object.keys(tree).length === 0;
}
