/** Deterministic ids for tests: `tok-1-<32 hex>` tokens (hashed as in production) and UUID-shaped names. */
import type { IdSource } from '../../ports/id-source.ts';
import { hashToken } from '../../runtime/token-hash.ts';

/** Hex digits of randomness-looking filler in a test token (128 bits, as the spec asks of real ones). */
const TOKEN_FILLER_HEX = 32;

/** Ids counting from 1: tokens `tok-<n>-<32 hex>`, UUIDs `00000000-0000-4000-8000-<n as 12 hex>`. */
export function sequentialIds(): IdSource {
  let tokens = 0;
  let uuids = 0;
  return {
    newToken() {
      tokens += 1;
      const token = `tok-${tokens}-${hashToken(`tok-${tokens}`).slice(0, TOKEN_FILLER_HEX)}`;
      return { token, hash: hashToken(token) };
    },
    uuid() {
      uuids += 1;
      return `00000000-0000-4000-8000-${uuids.toString(16).padStart(12, '0')}`;
    },
  };
}
