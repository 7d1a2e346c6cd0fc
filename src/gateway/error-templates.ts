/**
 * Kong's error bodies (kong.md §0, `kong/tools/http.lua`): the media type negotiation of
 * `get_response_type` and the ERROR_TEMPLATES, byte for byte. The message is inserted with
 * string.format, unescaped, exactly as Kong does.
 */
const MIME_TYPES: Readonly<Record<string, string>> = {
  "application/grpc": "",
  "text/html": "text/html; charset=utf-8",
  "application/json": "application/json; charset=utf-8",
  "text/plain": "text/plain; charset=utf-8",
  "application/xml": "application/xml; charset=utf-8",
  application: "application/json; charset=utf-8",
  text: "text/plain; charset=utf-8",
  default: "application/json; charset=utf-8",
};

const DEFAULT_TYPE = MIME_TYPES["default"]!;

/** `get_mime_type(content_header)` with use_default = true. */
export function getMimeType(contentHeader: string): string {
  const mediaType = contentHeader.trim().split(";")[0] ?? "";
  const [main, sub] = mediaType.split("/");
  if (sub === undefined) return DEFAULT_TYPE;
  if (sub === "*") return (main === "*" ? DEFAULT_TYPE : MIME_TYPES[main ?? ""]) ?? DEFAULT_TYPE;
  return MIME_TYPES[mediaType] ?? DEFAULT_TYPE;
}

const ACCEPT_VALUE =
  /^((?:[a-z0-9][a-z0-9\-!#$&^_+.]+|\*)\/(?:[a-z0-9][a-z0-9\-!#$&^_+.]+|\*))(?:\s*;\s*q=(1(?:\.0{0,3}|)|0(?:\.\d{0,3}|))|\s*;\s*[a-z0-9][a-z0-9\-!#$&^_+.]+(?:=[^;]*|))*/i;

/** `get_response_type(accept)`: the highest-q parsable media type wins, ties keep the first. */
export function getResponseType(accept: string | undefined): string {
  let contentType = DEFAULT_TYPE;
  if (accept === undefined) return contentType;
  let maxQuality = 0;
  for (const raw of accept.split(",")) {
    const m = ACCEPT_VALUE.exec(raw.trim());
    if (!m) continue;
    const q = m[2] === undefined ? 1 : Number(m[2]);
    if (q > maxQuality) {
      maxQuality = q;
      contentType = getMimeType(m[1]!);
    }
  }
  return contentType;
}

export function renderErrorTemplate(contentType: string, message: string, requestId: string): string {
  switch (contentType) {
    case MIME_TYPES["text/html"]:
      return (
        '<!doctype html>\n<html>\n  <head>\n    <meta charset="utf-8">\n    <title>Error</title>\n  </head>\n' +
        `  <body>\n    <h1>Error</h1>\n    <p>${message}.</p>\n    <p>request_id: ${requestId}</p>\n  </body>\n</html>\n`
      );
    case MIME_TYPES["text/plain"]:
      return `${message}\nrequest_id: ${requestId}\n`;
    case MIME_TYPES["application/xml"]:
      return `<?xml version="1.0" encoding="UTF-8"?>\n<error>\n  <message>${message}</message>\n  <requestid>${requestId}</requestid>\n</error>\n`;
    case "":
      return "";
    default:
      return `{\n  "message":"${message}",\n  "request_id":"${requestId}"\n}`;
  }
}

/** lua-cjson encoding: like JSON.stringify but `/` escaped as `\/` (kong.md §0 "cjson detail"). */
export function cjsonEncode(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(/\//g, "\\/");
}
