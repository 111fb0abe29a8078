import { isScalar } from 'yaml';
import { MAX_WAIT_SECONDS } from './limits.ts';
import type { DefinitionReader, Field } from './reader.ts';
import { isRfc3339Timestamp } from './timestamps.ts';
import type { FailStep, PassStep, SucceedStep, WaitStep } from './types.ts';
import { checkPath } from './validate-mappings.ts';
import type { StepInput, StepScope } from './validate-steps.ts';

/** Reads a `pass` step (common fields only). */
export function readPass(_scope: StepScope, input: StepInput): PassStep {
  return { type: 'pass', ...input.common, end: input.end };
}

/** Reads a `succeed` step (no `end`: it always ends its scope). */
export function readSucceed(_scope: StepScope, input: StepInput): SucceedStep {
  return { type: 'succeed', ...input.common };
}

/** Reads a `fail` step: optional `error` and `cause` strings. */
export function readFail(scope: StepScope, input: StepInput): FailStep | undefined {
  const { reader } = scope;
  const errorField = input.fields.get('error');
  const causeField = input.fields.get('cause');
  const error = errorField && reader.string(errorField, true);
  const cause = causeField && reader.string(causeField);
  if ((errorField && error === undefined) || (causeField && cause === undefined)) return undefined;
  const step: FailStep = { type: 'fail', ...input.common };
  if (error !== undefined) step.error = error;
  if (cause !== undefined) step.cause = cause;
  return step;
}

/** A `$` path string, checked; `undefined` (no issue) when the value is not such a string. */
function pathValue(reader: DefinitionReader, field: Field): { path: string | undefined } | undefined {
  const value = field.value;
  if (!isScalar(value) || typeof value.value !== 'string' || !value.value.startsWith('$')) return undefined;
  return { path: checkPath(reader, value.value, value, field.path) ? value.value : undefined };
}

function readDuration(reader: DefinitionReader, field: Field): number | string | undefined {
  const path = pathValue(reader, field);
  if (path !== undefined) return path.path;
  return reader.number(field, {
    min: 0,
    max: MAX_WAIT_SECONDS,
    describe: `a number of seconds from 0 to ${MAX_WAIT_SECONDS} (2 days) or a path like \`$.seconds\``,
  });
}

function readTimestamp(reader: DefinitionReader, field: Field): string | undefined {
  const path = pathValue(reader, field);
  if (path !== undefined) return path.path;
  const value = field.value;
  if (isScalar(value) && typeof value.value === 'string' && isRfc3339Timestamp(value.value))
    return value.value;
  const got = reader.describe(value);
  reader.report(
    reader.at(field),
    field.path,
    `\`timestamp\` must be an RFC 3339 date-time (like \`2019-05-02T15:04:05Z\`) or a path like \`$.when\`, got ${got}`,
  );
  return undefined;
}

/** Reads a `wait` step: exactly one of `duration` and `timestamp`. */
export function readWait(scope: StepScope, input: StepInput): WaitStep | undefined {
  const { reader } = scope;
  const durationField = input.fields.get('duration');
  const timestampField = input.fields.get('timestamp');
  if (durationField === undefined && timestampField === undefined) {
    reader.report(
      input.map,
      input.path,
      'a wait step needs exactly one of `duration` and `timestamp`, got neither',
    );
    return undefined;
  }
  if (durationField !== undefined && timestampField !== undefined) {
    reader.report(
      timestampField.key,
      timestampField.path,
      'a wait step needs exactly one of `duration` and `timestamp`, got both',
    );
    return undefined;
  }
  const step: WaitStep = { type: 'wait', ...input.common, end: input.end };
  if (durationField !== undefined) {
    const duration = readDuration(reader, durationField);
    if (duration === undefined) return undefined;
    step.duration = duration;
  }
  if (timestampField !== undefined) {
    const timestamp = readTimestamp(reader, timestampField);
    if (timestamp === undefined) return undefined;
    step.timestamp = timestamp;
  }
  return step;
}
