import type { Json, JsonObject } from './types.ts';

/** Largest payload (execution input, step input/output, callback output), in UTF-8 bytes of its JSON. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

const encoder = new TextEncoder();

/** True for a plain JSON object (not an array, not `null`). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** UTF-8 byte length of `JSON.stringify(value)`: what {@link MAX_PAYLOAD_BYTES} limits. */
export function jsonByteLength(value: Json): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** Deep equality of JSON values: same type and value, arrays in order, objects regardless of key order. */
export function jsonEquals(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEquals(item, b[i] as Json));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEquals(a[key] as Json, b[key] as Json));
}
