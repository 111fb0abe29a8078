import { MAX_NAME_LENGTH, MIN_NAME_LENGTH } from './limits.ts';

/** Flow and step names: a letter or `_`, then letters, digits, `_` and `-`. */
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Execution names may also start with a digit, so that generated UUIDs are valid. */
const EXECUTION_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

function check(name: string, pattern: RegExp, what: string, first: string): string | undefined {
  if (name.length < MIN_NAME_LENGTH || name.length > MAX_NAME_LENGTH) {
    return `${what} must be ${MIN_NAME_LENGTH}–${MAX_NAME_LENGTH} characters long (got ${name.length})`;
  }
  if (!pattern.test(name)) {
    return `${what} \`${name}\` is invalid: it must start with ${first} and contain only letters, digits, \`_\` and \`-\``;
  }
  return undefined;
}

/**
 * Checks a flow name (1–128 chars of `[A-Za-z_][A-Za-z0-9_-]*`).
 * @returns an error message, or `undefined` when the name is valid.
 */
export function validateFlowName(name: string): string | undefined {
  return check(name, NAME_PATTERN, 'flow name', 'a letter or `_`');
}

/**
 * Checks a step name (same rule as flow names).
 * @returns an error message, or `undefined` when the name is valid.
 */
export function validateStepName(name: string): string | undefined {
  return check(name, NAME_PATTERN, 'step name', 'a letter or `_`');
}

/**
 * Checks an execution name (1–128 chars of `[A-Za-z0-9_][A-Za-z0-9_-]*`).
 * @returns an error message, or `undefined` when the name is valid.
 */
export function validateExecutionName(name: string): string | undefined {
  return check(name, EXECUTION_NAME_PATTERN, 'execution name', 'a letter, a digit or `_`');
}
