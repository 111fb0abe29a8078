/** Runtime limits the engine enforces (validation-time limits live in `lib/fdl`). */

/** Most history events one execution may have (a foreach over 10,000 callback tasks records about 70,000); the terminal event is the last within it. */
export const HISTORY_EVENT_LIMIT = 100_000;

/** Most items a foreach collection may have. */
export const MAX_FOREACH_ITEMS = 10_000;

/**
 * Most foreach iterations running at once (a sliding window) when the step has no `maxConcurrency`:
 * the original service's limit. The field may raise it up to `MAX_FOREACH_CONCURRENCY` (lib/fdl).
 */
export const DEFAULT_FOREACH_CONCURRENCY = 100;

/** Longest wait step, in seconds (two days). */
export const MAX_WAIT_SECONDS = 172_800;
