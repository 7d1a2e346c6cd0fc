/**
 * POST /config request forms (kong.md §7.4): JSON with `_format_version`, JSON `{"config": "<text>"}`,
 * raw YAML, form or multipart `config` field. Returns the declarative input, or undefined if empty.
 */
export async function declarativeInputFromBody(contentType: string, body: Buffer): Promise<unknown> {
  const type = contentType.toLowerCase();
  if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
    const form = await new Request("http://admin.invalid/config", {
      method: "POST",
      headers: { "content-type": contentType },
      body: new Uint8Array(body),
    }).formData();
    const field = form.get("config");
    if (field === null) return undefined;
    const text = typeof field === "string" ? field : await field.text();
    return text === "" ? undefined : text;
  }
  if (body.length === 0) return undefined;
  const text = body.toString("utf8");
  if (type.startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return text; // Kong hands the raw body to the YAML/JSON parser, which reports the error
    }
    if (parsed !== null && typeof parsed === "object" && "config" in parsed) {
      const config = parsed.config;
      return config === "" || config === null ? undefined : config;
    }
    return parsed;
  }
  return text;
}
