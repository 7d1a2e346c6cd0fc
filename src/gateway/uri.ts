/**
 * Kong's request-path handling (kong/tools/uri.lua, read at 3.9.3's layout): the router matches on
 * `normalize(path, true)` (kong/router/utils.lua `strip_uri_args`), `kong.request.get_path()` returns
 * the same normalized path, and the upstream URI built from it is sent through `escape()`
 * (kong/runloop/handler.lua: `var.upstream_uri = escape(match_t.upstream_uri)`).
 *
 * Strings here are byte strings (one char per byte, latin1), as Lua strings are: node hands us the
 * request target that way, and a decoded `%C3%A9` stays two bytes.
 */

/** RFC 3986 reserved characters plus `%`: Kong never decodes these (it upper-cases the triplet). */
const RESERVED = new Set(Array.from("!*'();:@&=+$,/?%#[]", (c) => c.charCodeAt(0)));

const TRIPLET = /%([0-9a-f]{2})/gi;

function decodeTriplet(match: string, hex: string): string {
  const code = parseInt(hex, 16);
  return RESERVED.has(code) ? match.toUpperCase() : String.fromCharCode(code);
}

/** `normalize(uri, true)`: decode non-reserved triplets, remove dot segments, merge slashes. */
export function normalizePath(uri: string): string {
  if (uri === "" || uri === "/") return uri;
  if (uri.includes("%")) uri = uri.replace(TRIPLET, decodeTriplet);
  if (!uri.includes(".") && !uri.includes("//")) return uri;
  const out: string[] = [];
  while (uri.length > 0) {
    if (uri === "/.") uri = "/";
    else if (uri === "/..") {
      uri = "/";
      out.pop();
    } else if (uri === "." || uri === "..") uri = "";
    else if (uri.startsWith("../")) uri = uri.slice(3);
    else if (uri.startsWith("./")) uri = uri.slice(2);
    else if (uri.startsWith("/./")) uri = uri.slice(2);
    else if (uri.startsWith("/../")) {
      uri = uri.slice(3);
      out.pop();
    } else if (uri.startsWith("//")) uri = uri.slice(1);
    else {
      const i = uri.indexOf("/", 1);
      out.push(i === -1 ? uri : uri.slice(0, i));
      uri = i === -1 ? "" : uri.slice(i);
    }
  }
  return out.join("");
}

/** Kong's ESCAPE_PATTERN `[^!#$&'()*+,/:;=?@[\]A-Z\d\-_.~%]` (case-insensitive): what stays as is. */
const SAFE = /^[!#$&'()*+,/:;=?@[\]A-Za-z0-9\-_.~%]*$/;
const UNSAFE = /[^!#$&'()*+,/:;=?@[\]A-Za-z0-9\-_.~%]/g;

/** `escape(uri)`: percent-encodes every byte outside the safe set, so the upstream URI is ASCII. */
export function escapeUri(uri: string): string {
  if (SAFE.test(uri)) return uri;
  return uri.replace(UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** A config string (UTF-8) in the byte-string form request paths are matched in. */
export function toByteString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, "utf8").toString("latin1");
}
