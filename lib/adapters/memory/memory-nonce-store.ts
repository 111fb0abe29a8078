/** `NonceStore` in memory (one process: tests and single-process runtimes). */
import type { Clock } from '../../ports/clock.ts';
import type { NonceStore } from '../../ports/nonce-store.ts';

/** Nonces in a map, expired ones dropped as new ones arrive. */
export class MemoryNonceStore implements NonceStore {
  readonly #expiries = new Map<string, number>();
  readonly #clock: Clock;

  constructor(clock: Clock = { now: () => Date.now() }) {
    this.#clock = clock;
  }

  async claim(accessKeyId: string, nonce: string, expiresAt: number): Promise<boolean> {
    const now = this.#clock.now();
    for (const [key, expiry] of this.#expiries) if (expiry < now) this.#expiries.delete(key);
    const key = `${accessKeyId}\u0000${nonce}`;
    if (this.#expiries.has(key)) return false;
    this.#expiries.set(key, expiresAt);
    return true;
  }

  /** Nonces currently remembered (tests). */
  get size(): number {
    return this.#expiries.size;
  }
}
