/** Runs a check again and again while a page shows something that changes, until told to stop. */

/** Shortest pause before a failed tick is tried again, in ms. */
const MIN_RETRY_MS = 1000;

/** Longest pause after failures in a row, in ms. */
const MAX_BACKOFF_MS = 10_000;

/**
 * Calls `tick` now, then `intervalMs` after each call ends, until `tick` answers `false` or `stop` is
 * called. A tick that throws is tried again later, each failure in a row doubling the pause.
 */
export class Poller {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #failures = 0;

  constructor(
    private readonly tick: () => Promise<boolean>,
    private readonly intervalMs: number,
  ) {}

  /** Starts polling (at once). */
  start(): this {
    this.#schedule(0);
    return this;
  }

  /** Polls now instead of at the next interval (after an action). */
  now(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#schedule(0);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#run();
    }, ms);
  }

  async #run(): Promise<void> {
    let again = true;
    try {
      again = await this.tick();
      this.#failures = 0;
    } catch {
      this.#failures++;
    }
    if (this.#stopped || !again) return;
    if (this.#timer !== undefined) return;
    const backoff = Math.min(MAX_BACKOFF_MS, Math.max(this.intervalMs, MIN_RETRY_MS) * 2 ** this.#failures);
    this.#schedule(this.#failures === 0 ? this.intervalMs : backoff);
  }
}
