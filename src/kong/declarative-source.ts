/**
 * Turns declarative config input (YAML/JSON text or an already-parsed object) into plain data plus a
 * way to map a path inside it back to file:line for error messages.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import type { SourceLocation } from "../errors.ts";

export type DataPath = readonly (string | number)[];

export interface ParsedSource {
  readonly data: unknown;
  /** The nearest located ancestor of `path` (YAML text only; objects give just the file name). */
  locate(path: DataPath): SourceLocation | undefined;
}

export class SourceParseError extends Error {
  readonly location: SourceLocation | undefined;
  constructor(message: string, location: SourceLocation | undefined) {
    super(message);
    this.location = location;
  }
}

export function parseSource(input: unknown, file?: string): ParsedSource {
  if (typeof input !== "string") {
    return { data: input, locate: () => (file === undefined ? undefined : { file }) };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(input, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const where = file === undefined ? undefined : { file, line: pos.line, column: pos.col };
    throw new SourceParseError(first.message.split("\n")[0] ?? first.message, where);
  }
  return {
    data: doc.toJS({ maxAliasCount: 1000 }) as unknown,
    locate(path) {
      if (file === undefined) return undefined;
      let node: unknown = doc.contents;
      let found: YamlNode | undefined = node as YamlNode | undefined;
      for (const seg of path) {
        if (isMap(node)) node = node.get(seg, true);
        else if (isSeq(node) && typeof seg === "number") node = node.get(seg, true);
        else break;
        if (node === undefined) break;
        found = node as YamlNode;
      }
      const offset = found?.range?.[0];
      if (offset === undefined) return { file };
      const pos = lineCounter.linePos(offset);
      return { file, line: pos.line, column: pos.col };
    },
  };
}
