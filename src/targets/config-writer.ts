import { adminClient } from "../kong/admin-client.ts";
import type { ConfigWriter } from "./types.ts";

/** DB-less gateways (embedded, container, DB-less URL): the whole config through `POST /config` (kong.md §7.4). */
export function postConfigWriter(adminUrl: string): ConfigWriter {
  const admin = adminClient(adminUrl);
  return { via: "POST /config", push: (doc) => admin.postConfig(doc) };
}
