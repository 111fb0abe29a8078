/**
 * Every limit a flow definition is validated against, in one place (see semantics.md, "Definitions").
 */

/** Maximum size of a definition text, in UTF-8 bytes (128 KiB). */
export const MAX_DEFINITION_BYTES = 128 * 1024;

/** Minimum length of a flow, step or execution name. */
export const MIN_NAME_LENGTH = 1;

/** Maximum length of a flow, step or execution name. */
export const MAX_NAME_LENGTH = 128;

/** Maximum number of branches of a parallel step (the original's limit). */
export const MAX_PARALLEL_BRANCHES = 100;

/**
 * Maximum `maxConcurrency` of a foreach step: iterations running at once (the engine's default,
 * without the field, is the original service's 100).
 */
export const MAX_FOREACH_CONCURRENCY = 1000;

/** Maximum constant wait duration, in seconds (2 days). */
export const MAX_WAIT_SECONDS = 172_800;

/** Maximum retry interval (`intervalSeconds`, `maxIntervalSeconds`), in seconds (1 day). */
export const MAX_RETRY_INTERVAL_SECONDS = 86_400;

/**
 * Maximum nesting of step lists (a choice inside a parallel inside a foreach …). Deeper definitions
 * are refused so that the validator and the engine never recurse without bound.
 */
export const MAX_STEP_NESTING_DEPTH = 32;

/** Maximum nesting of a constant value (mapping source, `serviceParams`) in a definition. */
export const MAX_VALUE_NESTING_DEPTH = 64;

/**
 * Maximum nesting of a payload (execution input, task output): deeper ones are refused up front, so
 * that no recursive copy or comparison on the way (engine, stores) can overflow the stack.
 */
export const MAX_PAYLOAD_NESTING_DEPTH = 256;

/**
 * Most issues reported for one definition (pathological input can produce thousands); the rest are
 * summarised in one extra issue.
 */
export const MAX_REPORTED_ISSUES = 200;

/** Retry policy defaults (fnf-reference.md §2.1). */
export const RETRY_DEFAULTS = {
  intervalSeconds: 1,
  maxIntervalSeconds: 86_400,
  maxAttempts: 3,
  multiplier: 2,
} as const;
