/** The one way a task token is turned into the key the engine's records use. */
import { createHash } from 'node:crypto';

/** SHA-256 of the token, lower-case hex (the token itself is never stored by the engine). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
