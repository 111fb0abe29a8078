/**
 * The end of a child execution is reported to its parent task by the runtime, after the child's final
 * commit. When the parent refuses it for good, the child records why: `ParentReportFailed`, after its
 * terminal event, once (an outbox carried out again finds it recorded), so the refusal is never silent.
 */
import { type Ctx, HistoryLimitReached } from './context.ts';
import type { ParentReportFailedEvent } from './types.ts';

/** Records `ParentReportFailed` on an ended child execution, unless it is recorded already. */
export function recordParentReportFailed(ctx: Ctx, event: ParentReportFailedEvent): void {
  const state = ctx.state;
  if (state.status === 'Running' || state.parent === undefined || state.parentReportFailed !== undefined) {
    return;
  }
  state.parentReportFailed = { error: event.error, cause: event.cause };
  try {
    ctx.emit('ParentReportFailed', '', { error: event.error, cause: event.cause });
  } catch (error) {
    // A history at its limit keeps its terminal event last; the state still tells the refusal.
    if (!(error instanceof HistoryLimitReached)) throw error;
  }
}
