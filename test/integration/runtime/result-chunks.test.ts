/**
 * A foreach that collects its locals (`outputMappings` reading `$local`) over 1,000 function tasks of
 * ~200-byte results, in process and on dynalite + fauxqs: its finished locals leave the state in
 * result chunks, each stored once and read back once when the step ends, so that no committed state
 * holds more than a chunk's worth of them (200 KB of locals would otherwise ride in every commit);
 * and the output still holds every local, in collection order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMemoryRuntime } from '../../../lib/adapters/memory/index.ts';
import { RESULT_CHUNK_BYTES } from '../../../lib/engine/results.ts';
import type { ExecutionKey } from '../../../lib/engine/types.ts';
import type { Json, JsonObject } from '../../../lib/fdl/types.ts';
import type { ExecutionStore } from '../../../lib/ports/execution-store.ts';
import type { ExecutionView } from '../../../lib/runtime/operations/views.ts';
import { type AwsLocal, startAwsLocal } from '../../support/aws-local.ts';
import { startHarness, waitForEnd } from '../../support/aws-runtime-harness.ts';
import { mappings, task } from '../../support/engine-flows.ts';

const ITEMS = 1000;
/** ~200 bytes a local: 1,000 of them stay under the 256 KiB payload limit as the step's output. */
const PAD = 'p'.repeat(180);

/** JSON is YAML. */
const DEFINITION = JSON.stringify({
  version: 'v1',
  type: 'flow',
  steps: [
    {
      type: 'foreach',
      name: 'each',
      iterationMapping: { collection: '$.items', item: 'item' },
      maxConcurrency: 1000,
      steps: [task('job', 'padded', { inputMappings: mappings({ n: '$input.item' }) })],
      outputMappings: mappings({ all: '$local' }),
    },
  ],
});

/** The function: its result (the iteration's local) is ~200 bytes. */
const padded = (event: Json): JsonObject => ({ n: (event as JsonObject).n ?? null, pad: PAD });

/** What a store wrapped by `counting` saw. */
interface Seen {
  stored: number;
  read: number;
  readCalls: number;
  /** The most JSON of finished locals a committed state held. */
  largestLocals: number;
}

/** Makes `store` count chunk writes and reads and the size of every committed state (in place). */
function counting(store: ExecutionStore, seen: Seen): ExecutionStore {
  const { commit, storeChunks, readChunks } = {
    commit: store.commit.bind(store),
    storeChunks: store.storeChunks.bind(store),
    readChunks: store.readChunks.bind(store),
  };
  return Object.assign(store, {
    commit: (key: ExecutionKey, request: Parameters<ExecutionStore['commit']>[1]) => {
      const foreach = request.state.root?.step;
      if (foreach?.type === 'foreach')
        seen.largestLocals = Math.max(seen.largestLocals, JSON.stringify(foreach.locals).length);
      return commit(key, request);
    },
    storeChunks: (key: ExecutionKey, chunks: Parameters<ExecutionStore['storeChunks']>[1]) => {
      seen.stored += chunks.length;
      return storeChunks(key, chunks);
    },
    readChunks: async (key: ExecutionKey, ids: readonly string[]) => {
      seen.readCalls += 1;
      const read = await readChunks(key, ids);
      seen.read += read.size;
      return read;
    },
  });
}

/** The checks both runtimes must pass. */
function assertCollected(view: ExecutionView, seen: Seen): void {
  assert.equal(view.status, 'Succeeded', `${view.error}: ${view.cause}`);
  const all = (view.output as { all: JsonObject[] }).all;
  assert.deepEqual(
    all.map((local) => [local.n, local.pad]),
    Array.from({ length: ITEMS }, (_, n) => [n, PAD]),
  );
  // ~200 KB of locals in chunks of RESULT_CHUNK_BYTES: each stored once, read once, in one read.
  assert.ok(seen.stored >= 5, `${seen.stored} chunks stored`);
  assert.equal(seen.read, seen.stored);
  assert.equal(seen.readCalls, 1);
  // At most a chunk's worth of locals in any committed state, never the 200 KB.
  assert.ok(seen.largestLocals > 0 && seen.largestLocals < RESULT_CHUNK_BYTES, `${seen.largestLocals} bytes`);
}

const input = { items: Array.from({ length: ITEMS }, (_, n) => n) };

describe('result chunks: a foreach collecting 1,000 locals', () => {
  it('in process (memory runtime)', async () => {
    const seen: Seen = { stored: 0, read: 0, readCalls: 0, largestLocals: 0 };
    const m = createMemoryRuntime({ functions: { 'svc/padded': padded } });
    counting(m.stores.executions, seen);
    await m.operations.createFlow({ name: 'collect', definition: DEFINITION });
    const key = { flowName: 'collect', executionName: 'e1' };
    await m.operations.startExecution({ ...key, input });
    await m.drain();
    assertCollected(await m.operations.describeExecution(key), seen);
  });

  describe('on dynalite and fauxqs', () => {
    let local: AwsLocal;
    before(async () => {
      local = await startAwsLocal();
    });
    after(async () => {
      await local.stop();
    });

    it('stores each chunk once and reads them back in one request', async () => {
      const seen: Seen = { stored: 0, read: 0, readCalls: 0, largestLocals: 0 };
      const harness = await startHarness(local, {
        functions: { 'svc/padded': padded },
        decorate: (deps) => ({ executions: counting(deps.executions, seen) }),
      });
      try {
        await harness.operations.createFlow({ name: 'collect', definition: DEFINITION });
        const key = { flowName: 'collect', executionName: 'e1' };
        await harness.operations.startExecution({ ...key, input });
        assertCollected(await waitForEnd(harness.operations, key, 240_000), seen);
      } finally {
        await harness.stop();
      }
    });
  });
});
