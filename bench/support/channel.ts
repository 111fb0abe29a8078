/**
 * How the benchmark's functions (loaded by the runtime from `bench/functions`, in this process) hand
 * task tokens and job events to the benchmark: a module-level registry both import.
 */

/** Task tokens by execution name, delivered by the `fnf-demo/echo` function. */
export class TokenChannel {
  readonly #tokens = new Map<string, string>();
  readonly #waiting = new Map<string, (token: string) => void>();

  /** Called by the function with the token it was given. */
  deliver(executionName: string, token: string): void {
    const waiter = this.#waiting.get(executionName);
    if (waiter !== undefined) {
      this.#waiting.delete(executionName);
      waiter(token);
    } else {
      this.#tokens.set(executionName, token);
    }
  }

  /** The token of `executionName`'s task, once its function has been called. */
  next(executionName: string): Promise<string> {
    const token = this.#tokens.get(executionName);
    if (token !== undefined) {
      this.#tokens.delete(executionName);
      return Promise.resolve(token);
    }
    return new Promise((resolve) => this.#waiting.set(executionName, resolve));
  }

  /** Forgets everything (between benchmarks). */
  clear(): void {
    this.#tokens.clear();
    this.#waiting.clear();
  }
}

/** The channel of the running benchmark. */
export const tokenChannel = new TokenChannel();
