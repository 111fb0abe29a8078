import { isScalar } from 'yaml';
import { MAX_RETRY_INTERVAL_SECONDS, RETRY_DEFAULTS } from './limits.ts';
import type { DefinitionReader, Field, Fields, NumberRule } from './reader.ts';
import { indexPath } from './reader.ts';
import { parseResourceArn, SUPPORTED_PATTERNS } from './resources.ts';
import { didYouMean } from './suggest.ts';
import type { CatchRule, JsonObject, Resource, RetryPolicy, TaskPattern, TaskStep } from './types.ts';
import { checkPath, readMappings } from './validate-mappings.ts';
import type { StepInput, StepScope } from './validate-steps.ts';

const PATTERNS: readonly TaskPattern[] = ['requestResponse', 'sync', 'waitForCallback'];
const RETRY_FIELDS = [
  'errors',
  'intervalSeconds',
  'maxIntervalSeconds',
  'maxAttempts',
  'multiplier',
] as const;
const CATCH_FIELDS = ['errors', 'goto'] as const;
const POSITIVE_INTEGER = { integer: true, min: 1, describe: 'a positive integer' } as const;
const INTERVAL = {
  min: 0,
  max: MAX_RETRY_INTERVAL_SECONDS,
  describe: `a number from 0 to ${MAX_RETRY_INTERVAL_SECONDS}`,
};

function readResource(reader: DefinitionReader, field: Field): Resource | undefined {
  const arn = reader.string(field, true);
  if (arn === undefined) return undefined;
  const parsed = parseResourceArn(arn);
  if (parsed.ok) return parsed.resource;
  reader.report(reader.at(field), field.path, parsed.message);
  return undefined;
}

function readPattern(
  reader: DefinitionReader,
  field: Field | undefined,
  resource: Resource | undefined,
): TaskPattern | undefined {
  if (field === undefined) return 'requestResponse';
  const value = reader.string(field);
  if (value === undefined) return undefined;
  if (!(PATTERNS as readonly string[]).includes(value)) {
    const message = `unknown pattern \`${value}\`${didYouMean(value, PATTERNS)}: expected one of ${PATTERNS.join(', ')}`;
    reader.report(reader.at(field), field.path, message);
    return undefined;
  }
  const pattern = value as TaskPattern;
  if (resource !== undefined && !SUPPORTED_PATTERNS[resource.kind].includes(pattern)) {
    const supported = SUPPORTED_PATTERNS[resource.kind].join(' and ');
    reader.report(
      reader.at(field),
      field.path,
      `pattern \`${pattern}\` is not supported for a ${resource.kind} resource (only ${supported})`,
    );
    return undefined;
  }
  return pattern;
}

function readRetryPolicy(
  reader: DefinitionReader,
  fields: Fields,
  item: StepInput['map'],
  path: string,
): RetryPolicy | undefined {
  const errorsField = reader.required(fields, 'errors', item, path);
  const errors = errorsField && reader.stringList(errorsField);
  const number = (name: keyof typeof RETRY_DEFAULTS, rule: NumberRule): number | undefined => {
    const field = fields.get(name);
    return field === undefined ? RETRY_DEFAULTS[name] : reader.number(field, rule);
  };
  const intervalSeconds = number('intervalSeconds', INTERVAL);
  const maxIntervalSeconds = number('maxIntervalSeconds', INTERVAL);
  const maxAttempts = number('maxAttempts', { integer: true, min: 0, describe: 'an integer ≥ 0' });
  const multiplier = number('multiplier', { min: 1, describe: 'a number ≥ 1' });
  if (errors === undefined || intervalSeconds === undefined || maxIntervalSeconds === undefined)
    return undefined;
  if (maxAttempts === undefined || multiplier === undefined) return undefined;
  return { errors, intervalSeconds, maxIntervalSeconds, maxAttempts, multiplier };
}

function readRules<T>(
  reader: DefinitionReader,
  field: Field | undefined,
  known: readonly string[],
  read: (fields: Fields, item: StepInput['map'], path: string) => T | undefined,
): T[] | undefined {
  if (field === undefined) return [];
  const items = reader.list(field, false);
  if (items === undefined) return undefined;
  const rules: T[] = [];
  items.forEach((item, index) => {
    const path = indexPath(field.path, index);
    const map = reader.map(item, field.key, path, `each \`${field.name}\` entry`);
    if (map === undefined) return;
    const rule = read(reader.fields(map, path, known), map, path);
    if (rule !== undefined) rules.push(rule);
  });
  return rules.length === items.length ? rules : undefined;
}

function readServiceParams(reader: DefinitionReader, field: Field): JsonObject | undefined {
  const map = reader.map(field.value, field.key, field.path, '`serviceParams`');
  if (map === undefined) return undefined;
  // Top-level string values starting with `$` are paths into the mapped input (`$` = all of it).
  for (const pair of map.items) {
    const key = reader.resolve(pair.key);
    const value = reader.resolve(pair.value);
    if (!isScalar(key) || !isScalar(value) || typeof value.value !== 'string') continue;
    if (value.value.startsWith('$') && value.value !== '$')
      checkPath(reader, value.value, value, `${field.path}.${String(key.value)}`);
  }
  return reader.jsonObject(map, field.path);
}

/** Reads a `task` step: resource, pattern, timeouts, serviceParams, errorMappings, retry and catch. */
export function readTask(scope: StepScope, input: StepInput): TaskStep | undefined {
  const { reader } = scope;
  const { fields, map, path } = input;
  const arnField = reader.required(fields, 'resourceArn', map, path);
  const resource = arnField && readResource(reader, arnField);
  const pattern = readPattern(reader, fields.get('pattern'), resource);
  const timeoutField = fields.get('timeoutSeconds');
  const heartbeatField = fields.get('heartbeatSeconds');
  const timeoutSeconds = timeoutField && reader.number(timeoutField, POSITIVE_INTEGER);
  const heartbeatSeconds = heartbeatField && reader.number(heartbeatField, POSITIVE_INTEGER);
  if (
    heartbeatField &&
    heartbeatSeconds !== undefined &&
    timeoutSeconds !== undefined &&
    heartbeatSeconds >= timeoutSeconds
  ) {
    reader.report(
      reader.at(heartbeatField),
      heartbeatField.path,
      `\`heartbeatSeconds\` (${heartbeatSeconds}) must be less than \`timeoutSeconds\` (${timeoutSeconds})`,
    );
  }
  const paramsField = fields.get('serviceParams');
  const serviceParams = paramsField && readServiceParams(reader, paramsField);
  const errorField = fields.get('errorMappings');
  const errorMappings = errorField && readMappings(reader, errorField, 'errorMappings');
  const retry = readRules(reader, fields.get('retry'), RETRY_FIELDS, (f, m, p) =>
    readRetryPolicy(reader, f, m, p),
  );
  const catchRules = readRules(
    reader,
    fields.get('catch'),
    CATCH_FIELDS,
    (f, m, p): CatchRule | undefined => {
      const errorsField = reader.required(f, 'errors', m, p);
      const errors = errorsField && reader.stringList(errorsField);
      const gotoField = reader.required(f, 'goto', m, p);
      const goto = gotoField && reader.string(gotoField, true);
      if (gotoField && goto !== undefined) {
        scope.gotos.push({
          target: goto,
          at: reader.at(gotoField),
          path: gotoField.path,
          holder: input.common.name,
        });
      }
      return errors === undefined || goto === undefined ? undefined : { errors, goto };
    },
  );
  if (
    arnField === undefined ||
    resource === undefined ||
    pattern === undefined ||
    retry === undefined ||
    catchRules === undefined
  ) {
    return undefined;
  }
  const step: TaskStep = {
    type: 'task',
    ...input.common,
    end: input.end,
    resourceArn: resource.arn,
    resource,
    pattern,
    retry,
    catch: catchRules,
  };
  if (timeoutSeconds !== undefined) step.timeoutSeconds = timeoutSeconds;
  if (heartbeatSeconds !== undefined) step.heartbeatSeconds = heartbeatSeconds;
  if (serviceParams !== undefined) step.serviceParams = serviceParams;
  if (errorMappings !== undefined) step.errorMappings = errorMappings;
  return step;
}
