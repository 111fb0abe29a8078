/** Production ids: random token seeds, tokens derived from them, and random UUIDs. */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { IdSource } from '../ports/id-source.ts';
import { hashToken } from './token-hash.ts';

/** Bytes of randomness per execution's token seed (256 bits; the spec asks for at least 128). */
const SEED_BYTES = 32;

/**
 * Seeds of 32 random bytes (base64url); a token is the HMAC-SHA-256 of its attempt's id under the
 * seed (base64url, 43 chars), with the token's SHA-256 hash; random UUIDs.
 */
export function randomIds(): IdSource {
  return {
    newSeed: () => randomBytes(SEED_BYTES).toString('base64url'),
    tokenOf(seed, scheduleEventId) {
      const token = createHmac('sha256', Buffer.from(seed, 'base64url'))
        .update(`task-token:${scheduleEventId}`)
        .digest('base64url');
      return { token, hash: hashToken(token) };
    },
    uuid: () => randomUUID(),
  };
}
