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

/**
 * The deadline of a waitForCallback task with neither `timeoutSeconds` nor `heartbeatSeconds`, in
 * seconds (one year: the original's and Step Functions' longest execution, so that no flow ported from
 * either changes behaviour): a lost callback ends as `FnF.TaskTimeout` instead of waiting forever.
 * Enforced by the token's TTL backstop (the sweeper locally, the TTL stream on AWS) and by every report
 * after it, not by a timer message (a year of 15-minute timer hops would cost more than the execution).
 */
export const DEFAULT_CALLBACK_CEILING_SECONDS = 365 * 24 * 3600;

/** How long an approval link of a task without a deadline stays valid, in seconds (api.md: 7 days). */
export const DEFAULT_LINK_VALIDITY_SECONDS = 7 * 24 * 3600;
