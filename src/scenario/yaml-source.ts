import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { ShadowgateError, type ErrorCode, type SourceLocation } from "../errors.ts";

/** A parsed YAML file that can answer "where is this field?" for file:line:column messages. */
export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  /** Location of the value at `path` (or of the deepest ancestor that exists). */
  locate(path: readonly PropertyKey[], options?: { key?: string }): SourceLocation;
}

export function parseYamlSource(text: string, file: string, code: ErrorCode = "SG_YAML_SYNTAX"): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const location: SourceLocation = pos ? { file, line: pos.line, column: pos.col } : { file };
    throw new ShadowgateError(code, first.message.split("\n")[0] ?? first.message, { location });
  }
  const at = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  return {
    file,
    data: doc.toJS() as unknown,
    locate: (path, options = {}) => locateIn(doc, path, options.key, at) ?? { file, line: 1, column: 1 },
  };
}

function locateIn(
  doc: Document,
  path: readonly PropertyKey[],
  key: string | undefined,
  at: (offset: number) => SourceLocation,
): SourceLocation | undefined {
  let node: unknown = doc.contents;
  let best: SourceLocation | undefined = rangeStart(node, at);
  for (const segment of path) {
    const next = child(node, segment);
    if (next === undefined) return best;
    // Point at the key of a mapping entry: that is the line a person looks for.
    best = rangeStart(next.keyNode ?? next.value, at) ?? best;
    node = next.value;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
    if (pair) return rangeStart(pair.key, at) ?? best;
  }
  return best;
}

function child(node: unknown, segment: PropertyKey): { keyNode?: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === segment);
    return pair ? { keyNode: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof segment === "number") {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function rangeStart(node: unknown, at: (offset: number) => SourceLocation): SourceLocation | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? at(range[0]) : undefined;
}
