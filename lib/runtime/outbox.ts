/**
 * Carrying out a committed outbox: history events and independent commands concurrently, then the
 * calls (after the tokens they hand out are registered), then `Finish` (after the history it ends).
 * Every command is idempotent or claimed once, so an outbox carried out twice (its committer crashed
 * halfway, and another caller redid it) changes nothing more.
 */
import type { EngineCommand } from '../engine/types.ts';
import type { ExecutionRecord, Outbox } from '../ports/execution-store.ts';
import { carryOut } from './commands.ts';
import type { RuntimeContext } from './context.ts';
import { OUTBOX_CONCURRENCY } from './limits.ts';

/** When a command may start: every command of an earlier phase has been carried out. */
const PHASE: { [K in EngineCommand['type']]: number } = {
  RegisterToken: 0,
  EndToken: 0,
  ScheduleTimer: 0,
  CallResource: 1,
  StopChild: 1,
  Finish: 2,
};

/** Runs `work` over `items`, at most `limit` at a time; rejects with the first error once all settled. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (errors.length > 0) throw errors[0];
}

/** True when an outbox holds work. */
export function outboxHasWork(outbox: Outbox): boolean {
  return outbox.events.length > 0 || outbox.commands.length > 0;
}

/** Carries out `outbox` of `record` (see the file comment). Throws if any part failed. */
export async function carryOutOutbox(
  ctx: RuntimeContext,
  record: ExecutionRecord,
  outbox: Outbox,
): Promise<void> {
  const phases: EngineCommand[][] = [[], [], []];
  for (const command of outbox.commands) phases[PHASE[command.type]]?.push(command);
  const history =
    outbox.events.length > 0 ? ctx.deps.executions.appendHistory(record.key, outbox.events) : undefined;
  const first = forEachConcurrently(phases[0] ?? [], OUTBOX_CONCURRENCY, (command) =>
    carryOut(ctx, record, command),
  );
  await Promise.all([history, first]);
  await forEachConcurrently(phases[1] ?? [], OUTBOX_CONCURRENCY, (command) => carryOut(ctx, record, command));
  for (const command of phases[2] ?? []) await carryOut(ctx, record, command);
}
