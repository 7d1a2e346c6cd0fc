/** Where exchanges go: the gateway's base URL, parsed once rather than once per request. */
export interface SendTarget {
  readonly baseUrl: string;
  /** The base URL's origin when paths can be appended to it as they are (http or https). */
  readonly origin: string | undefined;
}

export function sendTarget(baseUrl: string): SendTarget {
  let origin: string | undefined;
  try {
    const url = new URL(baseUrl);
    if (url.protocol === "http:" || url.protocol === "https:") origin = url.origin;
  } catch {
    // Left to resolveTarget, which reports it per exchange as `new URL` always did.
  }
  return { baseUrl, origin };
}

/**
 * A path (with query) that `new URL(path, base)` would keep exactly as written: starts with one slash,
 * only characters the URL parser neither encodes nor reinterprets (no `#`, `\`, quote, space or non-ASCII),
 * no `.`/`..` segment (also spelt `%2e`), and a query, if any, that is not empty.
 */
const PLAIN_PATH = /^\/(?!\/)[\w\-.~!$&()*+,;=:@/%]*$/;
const PLAIN_QUERY = /^[\w\-.~!$&()*+,;=:@/?%]+$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

export function isPlainPath(path: string): boolean {
  const q = path.indexOf("?");
  const pathname = q < 0 ? path : path.slice(0, q);
  if (!PLAIN_PATH.test(pathname) || DOT_SEGMENT.test(pathname)) return false;
  return q < 0 || PLAIN_QUERY.test(path.slice(q + 1));
}

/**
 * The origin and path a request goes to, exactly as `undici.request(new URL(path, base))` resolved them;
 * the URL parser only runs for paths it could change. Throws as `new URL` does for an invalid one.
 */
export function resolveTarget(target: SendTarget, path: string): { origin: string; path: string } {
  if (target.origin !== undefined && isPlainPath(path)) return { origin: target.origin, path };
  const url = new URL(path, target.baseUrl);
  return { origin: url.origin, path: url.search ? `${url.pathname}${url.search}` : url.pathname };
}
