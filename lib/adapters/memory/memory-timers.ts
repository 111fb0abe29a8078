/** In-memory `Timers`: records kept until delivered, due ones listed by fire time. */
import type { ExecutionKey } from '../../engine/types.ts';
import type { TimerRecord, Timers } from '../../ports/timers.ts';

/** The map key of a timer. */
function id(key: ExecutionKey, timerId: string): string {
  return `${key.flowName}\u0000${key.executionName}\u0000${timerId}`;
}

/** An in-memory timer store (the virtual clock asks it what is due next). */
export class MemoryTimers implements Timers {
  readonly #timers = new Map<string, { record: TimerRecord; seq: number }>();
  #seq = 0;

  async schedule(timer: TimerRecord): Promise<void> {
    const key = id(timer.executionKey, timer.timerId);
    const existing = this.#timers.get(key);
    this.#timers.set(key, { record: structuredClone(timer), seq: existing?.seq ?? this.#seq++ });
  }

  async delete(executionKey: ExecutionKey, timerId: string): Promise<void> {
    this.#timers.delete(id(executionKey, timerId));
  }

  async listDue(now: number, limit: number, executionKey?: ExecutionKey): Promise<TimerRecord[]> {
    return this.#sorted()
      .filter((timer) => timer.fireAt <= now)
      .filter(
        (timer) =>
          executionKey === undefined ||
          (timer.executionKey.flowName === executionKey.flowName &&
            timer.executionKey.executionName === executionKey.executionName),
      )
      .slice(0, limit);
  }

  /** The earliest fire time of any timer, or `undefined` when none is scheduled. */
  nextFireAt(): number | undefined {
    return this.#sorted()[0]?.fireAt;
  }

  /** Every scheduled timer, by fire time (tests). */
  all(): TimerRecord[] {
    return this.#sorted();
  }

  #sorted(): TimerRecord[] {
    return [...this.#timers.values()]
      .sort((a, b) => a.record.fireAt - b.record.fireAt || a.seq - b.seq)
      .map((entry) => structuredClone(entry.record));
  }
}
