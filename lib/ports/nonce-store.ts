/** Port: the signature nonces already seen, so that a captured signed request cannot be replayed. */

/** Remembers nonces until they expire. */
export interface NonceStore {
  /**
   * Records `nonce` of `accessKeyId` until `expiresAt` (epoch ms).
   * @returns `true` when it was new (or its earlier use has expired), `false` when it was seen before.
   */
  claim(accessKeyId: string, nonce: string, expiresAt: number): Promise<boolean>;
}
