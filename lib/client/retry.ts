/**
 * Retries of the client: a request refused because the API is throttled (429 `ResourceThrottled`) or
 * unavailable (503) is sent again; other 5xx answers (500, 502, 504) are sent again only for requests
 * the API makes idempotent (reads, PUT/DELETE, a named StartExecution, heartbeats, stops), since the
 * first attempt may have been applied. Waits are jittered and bounded: attempt n waits a random time
 * in [d/2, d] with d = min(`maxDelayMs`, `baseDelayMs` × 2^(n-1)); at most `maxAttempts` attempts.
 */

/** How a client retries. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1: never retry). */
  readonly maxAttempts: number;
  /** The first retry's maximal wait. */
  readonly baseDelayMs: number;
  /** The cap of every wait. */
  readonly maxDelayMs: number;
}

/** The default: 5 attempts, waits of at most 0.2, 0.4, 0.8 and 1.6 s (at most 3 s of waiting in all). */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 2000 };

/** Statuses that say the request was not carried out: safe to send again whatever it is. */
const NOT_APPLIED = new Set([429, 503]);

/**
 * True when an answer of `status` may be retried: throttled or unavailable always, any other 5xx
 * only when the request is idempotent.
 */
export function isRetryable(status: number, idempotent: boolean): boolean {
  if (NOT_APPLIED.has(status)) return true;
  return idempotent && status >= 500 && status <= 599;
}

/**
 * The wait before retry `retry` (1 for the first), in ms, for a random number in [0, 1).
 * Equal jitter: never less than half the exponential step (so that retries are spread, yet back off).
 */
export function retryDelayMs(retry: number, policy: RetryPolicy, random: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(step / 2 + (random * step) / 2);
}

/** The wait a `Retry-After` header asks for (seconds), capped by the policy; undefined when absent or invalid. */
export function retryAfterMs(header: string | null, policy: RetryPolicy): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Math.min(Number(header.trim()) * 1000, policy.maxDelayMs);
}
