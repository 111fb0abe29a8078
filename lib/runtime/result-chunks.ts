/** The runtime's side of result chunks (`lib/engine/results.ts`): reading them when an advance asks. */
import { advanceAll, ResultChunksNeeded } from '../engine/index.ts';
import type { ChunkLocals, EngineEvent } from '../engine/types.ts';
import type { ExecutionRecord } from '../ports/execution-store.ts';
import type { RuntimeContext } from './context.ts';

/**
 * `advanceAll` over `record`, given the result chunks it asks for: a foreach that stored its finished
 * locals apart ends (`ResultChunksNeeded`), they are read, and the pure advance runs again with them.
 */
export async function advanceLoadingChunks(
  ctx: RuntimeContext,
  record: ExecutionRecord,
  events: readonly EngineEvent[],
  now: number,
): Promise<ReturnType<typeof advanceAll>> {
  const given = new Map<string, ChunkLocals>();
  for (;;) {
    try {
      return advanceAll(record.definition, record.state, events, now, ctx.deps.ids, given);
    } catch (error) {
      if (!(error instanceof ResultChunksNeeded)) throw error;
      const read = await ctx.deps.executions.readChunks(record.key, error.ids);
      const missing = error.ids.filter((id) => !read.has(id));
      if (missing.length > 0)
        throw new Error(`result chunks ${missing.join(', ')} of ${record.key.executionName} are missing`);
      for (const [id, locals] of read) given.set(id, locals);
    }
  }
}
