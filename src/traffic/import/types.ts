import type { RawExchange } from "../record-builder.ts";

/** What an importer yields per source record: an exchange, or why that record cannot be one. */
export type ImportItem =
  | { readonly line: number; readonly exchange: RawExchange; readonly problem?: undefined }
  | { readonly line: number; readonly problem: string; readonly exchange?: undefined };

export type ImportFormat = "kong-log" | "har" | "goreplay";

export type Importer = (file: string) => AsyncIterable<ImportItem>;
