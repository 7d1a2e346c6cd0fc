import { readFileSync } from "node:fs";
import { ShadowgateError } from "../errors.ts";
import { parseYamlSource } from "../scenario/yaml-source.ts";
import { isRecord, type KongDocument } from "./entities.ts";

/** Reads a kong.yml (YAML or JSON) as the plain document the harness patches and pushes. */
export function loadKongFile(file: string): KongDocument {
  return loadKongSource(file).doc;
}

/** The document and the text it came from (Kong's validation wants the text, for file:line). */
export function loadKongSource(file: string): { text: string; doc: KongDocument } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot read Kong config ${file}`, { cause });
  }
  const source = parseYamlSource(text, file, "SG_KONG_CONFIG_INVALID");
  if (!isRecord(source.data))
    throw new ShadowgateError(
      "SG_KONG_CONFIG_INVALID",
      "expected a mapping with _format_version at the top",
      {
        location: { file, line: 1 },
      },
    );
  return { text, doc: source.data };
}
