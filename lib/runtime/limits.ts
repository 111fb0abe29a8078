/**
 * Limits and defaults of the runtime and its operations (api.md, semantics.md "Data flow"). Payload and
 * definition sizes are `lib/fdl`'s, re-exported.
 */

export { MAX_DEFINITION_BYTES, MAX_PAYLOAD_BYTES } from '../fdl/index.ts';

/** Longest task token accepted. */
export const MAX_TOKEN_LENGTH = 1024;

/** ReportTaskFailed / StopExecution `error`: 1–128 characters. */
export const MAX_ERROR_LENGTH = 128;

/** ReportTaskFailed / StopExecution `cause`: at most 4096 characters. */
export const MAX_CAUSE_LENGTH = 4096;

/** Longest flow description. */
export const MAX_DESCRIPTION_LENGTH = 256;

/** Page size of lists and history when none is given. */
export const DEFAULT_PAGE_LIMIT = 100;

/** Largest page size of lists and history. */
export const MAX_PAGE_LIMIT = 1000;

/** Longest DescribeExecution long-poll, in seconds. */
export const MAX_WAIT_TIME_SECONDS = 20;

/**
 * Rounds of one apply. After its first lost race an event waits in the inbox, and every later round
 * either commits it or finds it applied by another committer, so rounds are few; this bound is a
 * safety net, not a tuning knob.
 */
export const MAX_APPLY_ATTEMPTS = 50;

/** Pages read at a time by recovery and the sweeper. */
export const RECOVERY_BATCH = 100;

/**
 * How long a committed outbox belongs to its committer: one still pending after this (its committer
 * crashed) is carried out by whoever meets it next. Carrying out an outbox takes milliseconds;
 * repeats are harmless anyway (calls are claimed once, everything else is idempotent).
 */
export const DEFAULT_OUTBOX_LEASE_MS = 30_000;

/**
 * How long a claimed call belongs to its caller before another delivery of its work item may call
 * again (with the same call id). At least the longest call (Lambda's 15-minute limit), and at most
 * the work queue's visibility timeout, so that a crashed caller's redelivered item finds it expired.
 */
export const DEFAULT_CALL_LEASE_MS = 15 * 60_000;

/** Most inbox entries one commit applies (each is removed by index in the commit's expression). */
export const MAX_INBOX_BATCH = 200;

/** Commands of one outbox carried out at a time. */
export const OUTBOX_CONCURRENCY = 32;

/** Token reads a report applied by another committer makes while waiting for its tombstone. */
export const ABSORBED_ANSWER_TURNS = 40;
