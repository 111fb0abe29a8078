/** Small JSON helpers of the runtime (the shared ones live in `lib/fdl`'s json-values). */
import type { Json } from '../fdl/types.ts';

/** UTF-8 size of a string. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Parses JSON text; `undefined` when it does not parse. */
export function tryParseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}
