/** Small statistics for benchmark samples (nearest-rank percentiles, medians, rounding). */

/** The `p`-th percentile (0–100) of `samples` by the nearest-rank method; `NaN` when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** The median (the 50th percentile). */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** `value` rounded to `digits` decimals. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** p50/p99 of latencies in ms, rounded. */
export function latencySummary(samples: readonly number[]): { p50: number; p99: number } {
  return { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)) };
}

/** A deterministic pseudo-random generator (mulberry32) in [0, 1), so that runs draw the same jobs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work(i)` for i in 0..count-1 with at most `concurrency` at a time. */
export async function pooled(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => lane()));
}
