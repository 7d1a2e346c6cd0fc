/**
 * jwt `retrieve_tokens` (kong.md §1.3): query args, then cookies, then headers, into one set.
 * Returns nothing, one token, or several (→ "Multiple tokens provided"). A valueless query arg is
 * the non-string `true` (→ "Unrecognizable token").
 */
import { firstHeader, getCookie, type QueryValue } from "../../query.ts";

export interface TokenSources {
  readonly query: ReadonlyMap<string, readonly QueryValue[]>;
  readonly cookieHeader: string | undefined;
  readonly rawHeaders: readonly string[];
}

export interface TokenLocations {
  readonly uri_param_names: readonly string[];
  readonly cookie_names: readonly string[];
  readonly header_names: readonly string[];
}

export type RetrievedToken = undefined | QueryValue | QueryValue[];

// Not anchored, and only Bearer/bearer (kong.md §1.3).
const BEARER = /\s*[Bb]earer\s+(.+)/;

export function retrieveTokens(conf: TokenLocations, src: TokenSources): RetrievedToken {
  // A list with set semantics: there are rarely more than one or two candidates.
  const found: QueryValue[] = [];
  const add = (v: QueryValue): void => {
    if (!found.includes(v)) found.push(v);
  };
  if (src.query.size > 0)
    for (const name of conf.uri_param_names) {
      for (const v of src.query.get(name) ?? []) if (v !== "") add(v);
    }
  if (src.cookieHeader !== undefined)
    for (const name of conf.cookie_names) {
      const cookie = getCookie(src.cookieHeader, name);
      if (cookie !== undefined && cookie !== "") add(cookie);
    }
  for (const name of conf.header_names) {
    const value = firstHeader(src.rawHeaders, name);
    if (value === undefined) continue;
    const m = BEARER.exec(value);
    if (m && m[1] !== "") add(m[1]!);
  }
  if (found.length === 0) return undefined;
  return found.length === 1 ? found[0] : found;
}
