import { DIFF_CLASSES, routePrefix, type DiffClass } from "./outcome-diff.ts";

/** Diff counts for one route prefix × pipeline: the report's unit (DESIGN.md, Diffy's endpoint). */
export interface DiffGroup {
  readonly route: string;
  readonly pipeline: string;
  readonly counts: Readonly<Record<DiffClass, number>>;
  /** A few examples of differing requests, for the report. */
  readonly samples: readonly string[];
}

export interface DiffSummary {
  readonly totals: Readonly<Record<DiffClass, number>>;
  /** Groups with at least one request, breaking ones first. */
  readonly groups: readonly DiffGroup[];
}

const MAX_GROUPS = 200;
const SAMPLES_PER_GROUP = 3;
const OVERFLOW = "(other routes)";

/** Incremental: memory is bounded by the number of groups (capped), never by the number of requests. */
export interface DiffTally {
  add(entry: {
    path: string;
    pipeline: string | undefined;
    class: DiffClass;
    /** Built only when the group keeps it (most requests are "same"). */
    sample?: () => string;
  }): void;
  summary(): DiffSummary;
}

interface Group {
  route: string;
  pipeline: string;
  counts: Record<DiffClass, number>;
  samples: string[];
}

export function createDiffTally(): DiffTally {
  // route → pipeline → group: two lookups, no composite key string built per request.
  const byRoute = new Map<string, Map<string, Group>>();
  const groups: Group[] = [];
  const totals = zeroCounts();
  const find = (route: string, pipeline: string) => byRoute.get(route)?.get(pipeline);
  const create = (route: string, pipeline: string) => {
    const group: Group = { route, pipeline, counts: zeroCounts(), samples: [] };
    let pipelines = byRoute.get(route);
    if (!pipelines) byRoute.set(route, (pipelines = new Map<string, Group>()));
    pipelines.set(pipeline, group);
    groups.push(group);
    return group;
  };
  return {
    add(entry) {
      const route = routePrefix(entry.path);
      const pipeline = entry.pipeline ?? "(no job)";
      let group = find(route, pipeline);
      if (!group) {
        if (groups.length >= MAX_GROUPS) group = find(OVERFLOW, "*") ?? create(OVERFLOW, "*");
        else group = create(route, pipeline);
      }
      group.counts[entry.class] += 1;
      totals[entry.class] += 1;
      if (entry.class !== "same" && entry.sample && group.samples.length < SAMPLES_PER_GROUP)
        group.samples.push(entry.sample());
    },
    summary() {
      const list = groups.map((g) => ({
        ...g,
        counts: { ...g.counts },
        samples: [...g.samples],
      }));
      list.sort(
        (a, b) =>
          b.counts["newly-rejected"] - a.counts["newly-rejected"] ||
          b.counts["newly-accepted"] - a.counts["newly-accepted"] ||
          a.route.localeCompare(b.route) ||
          a.pipeline.localeCompare(b.pipeline),
      );
      return { totals: { ...totals }, groups: list };
    },
  };
}

function zeroCounts(): Record<DiffClass, number> {
  return Object.fromEntries(DIFF_CLASSES.map((c) => [c, 0])) as Record<DiffClass, number>;
}
