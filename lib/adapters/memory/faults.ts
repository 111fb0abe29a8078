/** Fault injection for memory adapters: make the next calls of an operation throw or lose a race. */

/** What an injected fault does: throw (a crash), or answer a conflict (a lost race; commits only). */
export type FaultKind = 'throw' | 'conflict';

/** The error an injected crash throws. */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

/** Planned faults by operation name. */
export class FaultPlan<Operation extends string> {
  readonly #planned = new Map<Operation, { kind: FaultKind; remaining: number }>();

  /** The next `times` calls of `operation` fail with `kind` (`Infinity` for all of them). */
  failNext(operation: Operation, kind: FaultKind = 'throw', times = 1): void {
    this.#planned.set(operation, { kind, remaining: times });
  }

  /** Removes every planned fault. */
  clear(): void {
    this.#planned.clear();
  }

  /** Consumes the fault planned for this call of `operation`; throws it if it is a crash. */
  take(operation: Operation): FaultKind | undefined {
    const fault = this.#planned.get(operation);
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#planned.delete(operation);
    if (fault.kind === 'throw') throw new InjectedFault(`injected fault in ${operation}`);
    return fault.kind;
  }
}
