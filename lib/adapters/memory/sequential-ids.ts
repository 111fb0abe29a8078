/**
 * Deterministic ids for tests: seeds `seed-<n>`, tokens `tok-<attempt>-<32 hex>` derived from the
 * seed and the attempt (hashed as in production), and UUID-shaped names.
 */
import type { IdSource } from '../../ports/id-source.ts';
import { hashToken } from '../../runtime/token-hash.ts';

/** Hex digits of randomness-looking filler in a test token (128 bits, as the spec asks of real ones). */
const TOKEN_FILLER_HEX = 32;

/** Ids counting from 1: seeds `seed-<n>`, UUIDs `00000000-0000-4000-8000-<n as 12 hex>`. */
export function sequentialIds(): IdSource {
  let seeds = 0;
  let uuids = 0;
  return {
    newSeed() {
      seeds += 1;
      return `seed-${seeds}`;
    },
    tokenOf(seed, scheduleEventId) {
      const filler = hashToken(`${seed}:${scheduleEventId}`).slice(0, TOKEN_FILLER_HEX);
      const token = `tok-${scheduleEventId}-${filler}`;
      return { token, hash: hashToken(token) };
    },
    uuid() {
      uuids += 1;
      return `00000000-0000-4000-8000-${uuids.toString(16).padStart(12, '0')}`;
    },
  };
}
