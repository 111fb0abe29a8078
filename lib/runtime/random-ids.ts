/** Production ids: random tokens and UUIDs. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IdSource } from '../ports/id-source.ts';
import { hashToken } from './token-hash.ts';

/** Bytes of randomness per token (256 bits; the spec asks for at least 128). */
const TOKEN_BYTES = 32;

/** Tokens of 32 random bytes (base64url, 43 chars) with their SHA-256 hash, and random UUIDs. */
export function randomIds(): IdSource {
  return {
    newToken() {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      return { token, hash: hashToken(token) };
    },
    uuid: () => randomUUID(),
  };
}
