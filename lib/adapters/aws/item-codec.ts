/**
 * How values are stored in DynamoDB items: JSON text in a String attribute, compressed into a Binary
 * attribute above a threshold (DynamoDB bills writes per KB of the whole item, so a smaller item is
 * cheaper at every commit), and item size checks against DynamoDB's 400 KB limit.
 *
 * A Binary value is either gzip (it starts with 0x1f; written before dictionaries) or one byte naming
 * a preset dictionary (`json-dictionary.ts`) followed by raw deflate primed with it.
 */
import { deflateRawSync, gunzipSync, inflateRawSync } from 'node:zlib';
import type { ExecutionKey } from '../../engine/types.ts';
import { CURRENT_DICTIONARY, JSON_DICTIONARIES } from './json-dictionary.ts';

/** JSON texts longer than this (bytes) are stored gzipped, by default. */
export const DEFAULT_COMPRESS_ABOVE_BYTES = 4096;

/** DynamoDB's largest item (400 KB, attribute names included). */
export const MAX_ITEM_BYTES = 400 * 1024;

/** A stored JSON value: text, or gzipped text. */
export type EncodedJson = string | Uint8Array;

/** The first byte of a gzip stream. */
const GZIP_FIRST_BYTE = 0x1f;

/** Encodes a value as JSON text, compressed when longer than `compressAbove` bytes. */
export function encodeJson(value: unknown, compressAbove = DEFAULT_COMPRESS_ABOVE_BYTES): EncodedJson {
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text, 'utf8') <= compressAbove) return text;
  const body = deflateRawSync(text, { level: 9, dictionary: JSON_DICTIONARIES[CURRENT_DICTIONARY] });
  const stored = new Uint8Array(body.byteLength + 1);
  stored[0] = CURRENT_DICTIONARY;
  stored.set(body, 1);
  return stored;
}

/** The JSON text of a compressed value (either format). */
function inflatedText(stored: Uint8Array): string {
  if (stored[0] === GZIP_FIRST_BYTE) return gunzipSync(stored).toString('utf8');
  const dictionary = JSON_DICTIONARIES[stored[0] ?? -1];
  if (dictionary === undefined) throw new TypeError(`unknown JSON dictionary ${stored[0]} in a stored value`);
  return inflateRawSync(stored.subarray(1), { dictionary }).toString('utf8');
}

/** Decodes what `encodeJson` stored. */
export function decodeJson<T>(stored: unknown): T {
  if (typeof stored === 'string') return JSON.parse(stored) as T;
  if (stored instanceof Uint8Array) return JSON.parse(inflatedText(stored)) as T;
  throw new TypeError(`not a stored JSON value: ${typeof stored}`);
}

/** The size DynamoDB counts for one attribute value (approximate for numbers). */
function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (value instanceof Uint8Array) return value.byteLength;
  if (typeof value === 'number') return 21;
  if (typeof value === 'boolean' || value === null) return 1;
  // Lists, sets and maps: 3 bytes of overhead, 1 per element, and the elements (map keys too).
  if (Array.isArray(value) || value instanceof Set) {
    let size = 3;
    for (const element of value) size += 1 + valueSize(element);
    return size;
  }
  if (typeof value === 'object') {
    let size = 3;
    for (const [name, element] of Object.entries(value as Record<string, unknown>)) {
      if (element !== undefined) size += 1 + Buffer.byteLength(name, 'utf8') + valueSize(element);
    }
    return size;
  }
  return Buffer.byteLength(String(value), 'utf8');
}

/** The size of an item as DynamoDB counts it: attribute names plus values. */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined) size += Buffer.byteLength(name, 'utf8') + valueSize(value);
  }
  return size;
}

/** Throws a clear error when an item would pass DynamoDB's 400 KB item limit. */
export function assertItemSize(item: Record<string, unknown>, what: string): void {
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) {
    throw new RangeError(
      `${what} is ${size} bytes stored (gzipped where large); DynamoDB items are limited to ` +
        `${MAX_ITEM_BYTES} bytes: reduce the execution's data (payloads, parallel branches)`,
    );
  }
}

/**
 * `error` as is, or, when DynamoDB refused an item for its size, a `RangeError` that says which item
 * and what the limit is.
 */
export function tooLargeOr(error: unknown, what: string): unknown {
  if (error instanceof Error && error.name === 'ValidationException' && /item size/i.test(error.message)) {
    return new RangeError(
      `${what} would pass DynamoDB's ${MAX_ITEM_BYTES}-byte item limit (${error.message}): reduce the ` +
        `execution's data (payloads, parallel branches)`,
      { cause: error },
    );
  }
  return error;
}

/** The partition key of an execution (names cannot contain `#`). */
export function executionPk(key: ExecutionKey): string {
  return `${key.flowName}#${key.executionName}`;
}

/** The execution key of a partition key. */
export function executionKeyOf(pk: string): ExecutionKey {
  const at = pk.indexOf('#');
  return { flowName: pk.slice(0, at), executionName: pk.slice(at + 1) };
}

/** The sort key of an execution's state item. */
export const STATE_SK = 'state';

/** The sort key prefix of history items. */
export const HISTORY_PREFIX = 'h#';

/** The sort key prefix of timer records. */
export const TIMER_PREFIX = 't#';

/** The sort key of history event `eventId`. */
export function historySk(eventId: number): string {
  return `${HISTORY_PREFIX}${String(eventId).padStart(10, '0')}`;
}

/** The GSI sort key of an execution: start time (13 digits), then name. */
export function startKey(startedTime: number, executionName: string): string {
  return `${String(startedTime).padStart(13, '0')}#${executionName}`;
}

/** Epoch seconds of `epochMs` plus `days`, for a TTL attribute. */
export function expiryOf(epochMs: number, days: number): number {
  return Math.ceil(epochMs / 1000) + Math.round(days * 86_400);
}

/** True when `error` is a failed condition of a conditional write. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
