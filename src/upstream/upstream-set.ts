import { startMockUpstream, type MockUpstream, type UpstreamHit } from "./mock-upstream.ts";

/** The mocks standing in for every upstream origin of a Kong config, queried as one. */
export interface UpstreamSet extends AsyncDisposable {
  /** origin key (kong/patch.ts originKey) → mock URL, for redirectUpstreams. */
  readonly urls: ReadonlyMap<string, string>;
  hitFor(exchangeId: string): UpstreamHit | undefined;
  takeHit(exchangeId: string): UpstreamHit | undefined;
  allHits(): UpstreamHit[];
  stop(): Promise<void>;
}

export async function startUpstreams(origins: readonly string[], nowMs: () => number): Promise<UpstreamSet> {
  const mocks: MockUpstream[] = [];
  const stop = async () => {
    await Promise.allSettled(mocks.map((mock) => mock.stop()));
  };
  try {
    for (const origin of origins) mocks.push(await startMockUpstream(origin, nowMs));
  } catch (error) {
    await stop();
    throw error;
  }
  const allHits = () => mocks.flatMap((mock) => [...mock.hits()]);
  return {
    urls: new Map(mocks.map((mock) => [mock.origin, mock.url])),
    hitFor: (exchangeId) => firstHit(mocks, (mock) => mock.hitFor(exchangeId)),
    takeHit: (exchangeId) => firstHit(mocks, (mock) => mock.takeHit(exchangeId)),
    allHits,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function firstHit(
  mocks: readonly MockUpstream[],
  lookup: (mock: MockUpstream) => UpstreamHit | undefined,
): UpstreamHit | undefined {
  for (const mock of mocks) {
    const hit = lookup(mock);
    if (hit) return hit;
  }
  return undefined;
}
