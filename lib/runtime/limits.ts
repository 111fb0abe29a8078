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
 * Attempts of one apply against concurrent commits. Reports on different tokens of one execution
 * (100 parallel branches) must not fail because of each other, so this is generous.
 */
export const MAX_APPLY_ATTEMPTS = 50;

/** Pages read at a time by recovery and the sweeper. */
export const RECOVERY_BATCH = 100;
