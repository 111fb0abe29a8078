/**
 * How long the oldest tasks have waited, overall and per flow (lost callbacks made visible: on AWS a
 * scheduled metric with an alarm; locally `flowback list-tasks --older-than 1h`). Read from the task
 * index oldest first, so the overall figure is exact after one request; per flow, exact for every flow
 * that has a task among the first `maxTasks` (a flow all of whose tasks are younger is not listed).
 */
import type { TokenStore } from '../ports/token-store.ts';

/** Most waiting tasks read for one measurement. */
export const DEFAULT_AGE_SCAN_TASKS = 10_000;

/** Tasks per page of the scan. */
const PAGE = 1000;

/** The ages found, in whole seconds. */
export interface WaitingTaskAges {
  /** The oldest waiting task's age; absent when none waits. */
  oldestSeconds?: number;
  /** The oldest waiting task's age of each flow seen. */
  byFlow: Record<string, number>;
  /** Tasks read. */
  scanned: number;
  /** True when every waiting task was read (then `byFlow` names every flow with a waiting task). */
  complete: boolean;
}

/** Measures the waiting tasks' ages at `now` (epoch ms), reading at most `maxTasks` of them. */
export async function waitingTaskAges(
  tokens: Pick<TokenStore, 'listTasks'>,
  now: number,
  maxTasks = DEFAULT_AGE_SCAN_TASKS,
): Promise<WaitingTaskAges> {
  const ages: WaitingTaskAges = { byFlow: {}, scanned: 0, complete: false };
  let after: string | undefined;
  do {
    const page = await tokens.listTasks({
      status: 'waiting',
      limit: Math.min(PAGE, maxTasks - ages.scanned),
      ...(after !== undefined ? { after } : {}),
    });
    for (const record of page.records) {
      const age = Math.max(0, Math.floor((now - (record.scheduledTime ?? now)) / 1000));
      ages.oldestSeconds ??= age;
      ages.byFlow[record.executionKey.flowName] ??= age;
    }
    ages.scanned += page.records.length;
    after = page.next;
    if (after === undefined) ages.complete = true;
  } while (after !== undefined && ages.scanned < maxTasks);
  return ages;
}
