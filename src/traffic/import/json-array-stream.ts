import { createReadStream } from "node:fs";
import { ShadowgateError } from "../../errors.ts";

export type ArrayElement =
  | { readonly line: number; readonly value: unknown; readonly problem?: undefined }
  | { readonly line: number; readonly problem: string };

const KEY_LIMIT = 64;

/**
 * Streams the elements of one array inside a large JSON document (a HAR's `log.entries`) without
 * holding the document: a character scanner tracks nesting and keys, and only one element at a time is
 * kept and parsed. `keyPath` names the array, e.g. ["log", "entries"].
 */
export async function* streamJsonArray(
  file: string,
  keyPath: readonly string[],
): AsyncGenerator<ArrayElement> {
  // Scanner state: the keys of the open containers (null for arrays), the last string seen.
  const keys: (string | null)[] = [];
  let inString = false;
  let escaped = false;
  let stringText = "";
  let lastString = "";
  let pendingKey: string | null = null;
  let line = 1;
  let arrayDepth = -1; // depth of the target array, once entered
  let element: string[] | undefined;
  let elementLine = 0;
  let found = false;
  const input = createReadStream(file, { encoding: "utf8", highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      let sliceStart = element ? 0 : -1;
      for (let i = 0; i < chunk.length; i += 1) {
        const c = chunk[i];
        if (c === "\n") line += 1;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === "\\") escaped = true;
          else if (c === '"') {
            inString = false;
            lastString = stringText;
          } else if (stringText.length < KEY_LIMIT) stringText += c;
          continue;
        }
        if (c === '"') {
          inString = true;
          stringText = "";
          continue;
        }
        if (c === ":") {
          pendingKey = lastString;
          continue;
        }
        if (c === "{" || c === "[") {
          if (!element && arrayDepth !== -1 && keys.length === arrayDepth + 1) {
            element = [];
            elementLine = line;
            sliceStart = i;
          }
          keys.push(pendingKey);
          pendingKey = null;
          if (c === "[" && arrayDepth === -1 && matches(keys, keyPath)) {
            arrayDepth = keys.length - 1;
            found = true;
          }
          continue;
        }
        if (c === "}" || c === "]") {
          keys.pop();
          pendingKey = null;
          if (element && keys.length === arrayDepth + 1) {
            element.push(chunk.slice(sliceStart, i + 1));
            yield parseElement(element.join(""), elementLine);
            element = undefined;
            sliceStart = -1;
          } else if (arrayDepth !== -1 && keys.length === arrayDepth) arrayDepth = -2;
          continue;
        }
        if (c === ",") pendingKey = null;
      }
      if (element && sliceStart !== -1) element.push(chunk.slice(sliceStart));
    }
  } catch (cause) {
    throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot read ${file}`, { cause });
  } finally {
    input.destroy();
  }
  if (!found)
    throw new ShadowgateError("SG_CAPTURE_INVALID", `no "${keyPath.join(".")}" array found`, {
      location: { file },
    });
}

/** keys[0] is the root (no key); the array's own key path must equal keyPath. */
function matches(keys: readonly (string | null)[], keyPath: readonly string[]): boolean {
  if (keys.length !== keyPath.length + 1) return false;
  return keyPath.every((key, index) => keys[index + 1] === key);
}

function parseElement(text: string, line: number): ArrayElement {
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch (cause) {
    return { line, problem: `not JSON: ${cause instanceof Error ? cause.message : String(cause)}` };
  }
}
