/** Port: the time (an input, so that tests and benchmarks are deterministic). */

/** A clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}
