/**
 * Auditing a raw kong.yml document: normalize it with the declarative loader, but first take out the
 * settings Kong refuses that the audit reports itself (rate-limiting policy cluster in DB-less, kong.md
 * §4.1), so one refused field does not hide every other finding.
 */
import { finding, RULES } from "./audit-catalogue.ts";
import type { AuditFinding } from "./audit-types.ts";
import { parseDeclarativeConfig } from "./declarative.ts";
import {
  allRoutes,
  allServices,
  entityList,
  isRecord,
  type KongDocument,
  type RawEntity,
} from "./entities.ts";
import type { NormalizedConfig } from "./types.ts";

export interface RawAudit {
  readonly config: NormalizedConfig;
  /** Findings about fields the audit replaced so the loader accepts the document. */
  readonly refusals: readonly AuditFinding[];
}

export function normalizeForAudit(doc: KongDocument, source?: string): RawAudit {
  const copy = structuredClone(doc);
  const refusals: AuditFinding[] = [];
  for (const { plugin, scope } of rawPlugins(copy)) {
    const config = plugin["config"];
    if (plugin["name"] !== "rate-limiting" || !isRecord(config) || config["policy"] !== "cluster") continue;
    config["policy"] = "local";
    const name =
      typeof plugin["instance_name"] === "string"
        ? `rate-limiting (${plugin["instance_name"]})`
        : "rate-limiting";
    const entity = scope.length === 0 ? `global plugin ${name}` : `plugin ${name} on ${scope.join(" and ")}`;
    refusals.push(
      finding(RULES.rateLimitingClusterPolicy, entity, {
        kongBehaviour: `${RULES.rateLimitingClusterPolicy.kongBehaviour}; the rest of this audit assumed policy local`,
      }),
    );
  }
  const options = source === undefined ? {} : { source };
  return { config: parseDeclarativeConfig(refusals.length === 0 ? doc : copy, options), refusals };
}

interface RawPlugin {
  readonly plugin: RawEntity;
  /** e.g. ["route deploy", "service deploy"]; [] for a global plugin. */
  readonly scope: readonly string[];
}

/** Every plugin of the document, nested or top level (kong.md §7.1), with the scope it is written in. */
export function rawPlugins(doc: KongDocument): RawPlugin[] {
  const under = (parent: RawEntity, scope: string[]): RawPlugin[] =>
    entityList(parent, "plugins").map((plugin) => ({
      plugin,
      scope: inKongOrder([...scope, ...references(plugin)]),
    }));
  return [
    ...under(doc, []),
    ...allServices(doc).flatMap((s) => under(s, [`service ${label(s, "name")}`])),
    ...allRoutes(doc).flatMap(({ route }) => under(route, [`route ${label(route, "name")}`])),
    ...entityList(doc, "consumers").flatMap((c) => under(c, [`consumer ${label(c, "username")}`])),
  ];
}

const SCOPE_ORDER = ["route", "service", "consumer"];

/** Same order as the normalized config's plugin descriptions: route, service, consumer. */
function inKongOrder(scope: string[]): string[] {
  const rank = (s: string) => SCOPE_ORDER.indexOf(s.split(" ")[0] ?? "");
  return scope.sort((a, b) => rank(a) - rank(b));
}

/** Top-level (or partly nested) plugins name their other scopes by reference: a name/id or `{ id }`. */
function references(plugin: RawEntity): string[] {
  return (["route", "service", "consumer"] as const).flatMap((key) => {
    const ref = plugin[key];
    if (typeof ref === "string") return [`${key} ${ref}`];
    if (isRecord(ref)) return [`${key} ${label(ref, key === "consumer" ? "username" : "name")}`];
    return [];
  });
}

function label(entity: RawEntity, nameKey: string): string {
  const value = entity[nameKey] ?? entity["name"] ?? entity["id"];
  return typeof value === "string" ? value : "(unnamed)";
}
