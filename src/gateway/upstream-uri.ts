/**
 * The upstream request URI of Kong's path_handling "v0" (kong/router/utils.lua
 * `get_upstream_uri_v0`, reproduced branch for branch) plus `sanitize_uri_postfix`.
 */
function sanitizeUriPostfix(postfix: string): string {
  if (postfix === "." || postfix === "..") return "";
  if (postfix.startsWith("./")) return postfix.slice(2);
  if (postfix.startsWith("../")) return postfix.slice(3);
  return postfix;
}

export function upstreamPathV0(
  stripPath: boolean,
  matchedPath: string | undefined,
  reqUri: string,
  upstreamBase: string,
): string {
  const postfix =
    stripPath && matchedPath !== undefined ? sanitizeUriPostfix(reqUri.slice(matchedPath.length)) : reqUri;
  const strip = stripPath && matchedPath !== undefined;
  if (upstreamBase.endsWith("/")) {
    if (strip) {
      if (postfix === "") {
        if (upstreamBase === "/") return "/";
        return reqUri.endsWith("/") ? upstreamBase : upstreamBase.slice(0, -1);
      }
      return postfix.startsWith("/") ? upstreamBase.slice(0, -1) + postfix : upstreamBase + postfix;
    }
    return upstreamBase + reqUri.slice(1);
  }
  if (strip) {
    if (postfix === "") return reqUri.length > 1 && reqUri.endsWith("/") ? `${upstreamBase}/` : upstreamBase;
    return postfix.startsWith("/") ? upstreamBase + postfix : `${upstreamBase}/${postfix}`;
  }
  return reqUri === "/" ? upstreamBase : upstreamBase + reqUri;
}
