/**
 * Validation of request arguments. Everything that comes from a request body or query is `unknown`
 * until checked here; a bad argument is `InvalidArgument` (or `EntityTooLarge`) and changes nothing.
 */

import { isJsonObject, jsonByteLength, MAX_PAYLOAD_NESTING_DEPTH } from '../../fdl/index.ts';
import type { JsonObject } from '../../fdl/types.ts';
import { OperationError } from '../errors.ts';
import { tryParseJson, utf8Length } from '../json.ts';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, MAX_PAYLOAD_BYTES } from '../limits.ts';

/** An `InvalidArgument` error. */
export function invalidArgument(message: string): OperationError {
  return new OperationError('InvalidArgument', message);
}

/** A required string of `min`–`max` characters. */
export function requireString(value: unknown, name: string, min: number, max: number): string {
  if (typeof value !== 'string') throw invalidArgument(`${name} is required and must be a string`);
  if (value.length < min || value.length > max) {
    throw invalidArgument(`${name} must be ${min}–${max} characters long (got ${value.length})`);
  }
  return value;
}

/** An optional string of `min`–`max` characters (`undefined` when absent or null). */
export function optionalString(value: unknown, name: string, min: number, max: number): string | undefined {
  return value === undefined || value === null ? undefined : requireString(value, name, min, max);
}

/** A name checked by one of `lib/fdl`'s validators (which return a message or `undefined`). */
export function requireName(
  value: unknown,
  name: string,
  validate: (text: string) => string | undefined,
): string {
  if (typeof value !== 'string') throw invalidArgument(`${name} is required and must be a string`);
  const problem = validate(value);
  if (problem !== undefined) throw invalidArgument(problem);
  return value;
}

/** An optional integer in `[min, max]`, given as a number or decimal text. */
export function optionalInteger(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw invalidArgument(`${name} must be an integer from ${min} to ${max}`);
  }
  return number;
}

/** A page size: 1–1000, default 100. */
export function pageLimit(value: unknown): number {
  return optionalInteger(value, 'limit', 1, MAX_PAGE_LIMIT) ?? DEFAULT_PAGE_LIMIT;
}

/** True when `value` nests arrays or objects more than `max` levels deep (iteratively: no recursion). */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [current, depth] = next;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const inner of Object.values(current)) pending.push([inner, depth + 1]);
  }
  return false;
}

/**
 * A payload that must be a JSON object, given as an object or as JSON text of one, at most 256 KiB and
 * nested at most `MAX_PAYLOAD_NESTING_DEPTH` levels deep. `EntityTooLarge` when over the size limit.
 */
export function payloadObject(value: unknown, name: string): JsonObject {
  const tooLarge = () =>
    new OperationError('EntityTooLarge', `${name} is larger than ${MAX_PAYLOAD_BYTES} bytes (256 KiB)`);
  let parsed: unknown = value;
  if (typeof value === 'string') {
    if (utf8Length(value) > MAX_PAYLOAD_BYTES) throw tooLarge();
    parsed = tryParseJson(value);
  }
  if (!isJsonObject(parsed)) throw invalidArgument(`${name} must be a JSON object (or the JSON text of one)`);
  if (nestedDeeperThan(parsed, MAX_PAYLOAD_NESTING_DEPTH)) {
    throw invalidArgument(`${name} is nested more than ${MAX_PAYLOAD_NESTING_DEPTH} levels deep`);
  }
  let normalized: JsonObject;
  try {
    normalized = JSON.parse(JSON.stringify(parsed)) as JsonObject;
  } catch {
    throw invalidArgument(`${name} must be a JSON object (or the JSON text of one)`);
  }
  if (jsonByteLength(normalized) > MAX_PAYLOAD_BYTES) throw tooLarge();
  return normalized;
}

/** Encodes a page position as an opaque `nextToken`. */
export function encodePageToken(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Decodes a `nextToken` made by `encodePageToken`, checking each field's type; `undefined` when absent. */
export function decodePageToken<F extends Record<string, 'string' | 'number'>>(
  value: unknown,
  fields: F,
): { [K in keyof F]: F[K] extends 'string' ? string : number } | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const invalid = invalidArgument('nextToken is invalid');
  if (typeof value !== 'string') throw invalid;
  const parsed = tryParseJson(Buffer.from(value, 'base64url').toString('utf8'));
  if (!isJsonObject(parsed)) throw invalid;
  for (const [field, type] of Object.entries(fields)) {
    if (typeof parsed[field] !== type) throw invalid;
  }
  return parsed as { [K in keyof F]: F[K] extends 'string' ? string : number };
}
