/** A clock that moves only when told, firing due timers in order as it passes them. */
import type { Clock } from '../../ports/clock.ts';

/** What the clock drives: the next timer's time, and delivering every timer due now. */
export interface TimerDriver {
  nextFireAt(): number | undefined;
  fireDue(): Promise<void>;
}

/** Default start: 2024-01-01T00:00:00.000Z. */
export const DEFAULT_START_TIME = Date.UTC(2024, 0, 1);

/** A virtual clock. */
export class VirtualClock implements Clock {
  #now: number;
  #driver: TimerDriver | undefined;

  constructor(start: number = DEFAULT_START_TIME) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Sets what fires timers when the clock moves. */
  attach(driver: TimerDriver): void {
    this.#driver = driver;
  }

  /** Moves the clock forward by `ms`, firing due timers in order. */
  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms);
  }

  /**
   * Moves the clock to `time`: stops at each timer's fire time on the way (timers scheduled while
   * firing are honoured too), then settles at `time`.
   */
  async advanceTo(time: number): Promise<void> {
    if (time < this.#now) throw new RangeError(`cannot move the clock back (${time} < ${this.#now})`);
    const driver = this.#driver;
    for (;;) {
      const next = driver?.nextFireAt();
      if (driver === undefined || next === undefined || next > time) break;
      this.#now = Math.max(this.#now, next);
      await driver.fireDue();
    }
    this.#now = time;
    await driver?.fireDue();
  }
}
