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

export function createDiffTally(): DiffTally {
  const groups = new Map<
    string,
    { route: string; pipeline: string; counts: Record<DiffClass, number>; samples: string[] }
  >();
  const totals = zeroCounts();
  return {
    add(entry) {
      let route = routePrefix(entry.path);
      let pipeline = entry.pipeline ?? "(no job)";
      let key = `${route}\u0000${pipeline}`;
      if (!groups.has(key) && groups.size >= MAX_GROUPS) {
        route = OVERFLOW;
        pipeline = "*";
        key = `${route}\u0000${pipeline}`;
      }
      let group = groups.get(key);
      if (!group) {
        group = { route, pipeline, counts: zeroCounts(), samples: [] };
        groups.set(key, group);
      }
      group.counts[entry.class] += 1;
      totals[entry.class] += 1;
      if (entry.class !== "same" && entry.sample && group.samples.length < SAMPLES_PER_GROUP)
        group.samples.push(entry.sample());
    },
    summary() {
      const list = [...groups.values()].map((g) => ({
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
