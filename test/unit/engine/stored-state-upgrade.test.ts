import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { advance, advanceAll } from '../../../lib/engine/index.ts';
import type {
  EngineCommand,
  EngineEvent,
  ExecutionState,
  HistoryEvent,
  IdSource,
} from '../../../lib/engine/types.ts';
import { STATE_SCHEMA_VERSION } from '../../../lib/engine/types.ts';
import type { JsonObject } from '../../../lib/fdl/types.ts';
import { definitionOf, testIds } from '../../support/engine-harness.ts';

/**
 * A schema version 1 state of a running foreach (every sequence and container step stored its
 * input, the foreach its items), captured from the engine that wrote that layout, with what that
 * engine recorded for the events that followed. Never edit it.
 */
interface V1ForeachFixture {
  definition: string;
  state: ExecutionState;
  continuation: { at: number; event: EngineEvent; events: HistoryEvent[]; commands: EngineCommand[] }[];
}

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/state/${name}.json`, import.meta.url), 'utf8'));
}

/** Ids as the capturing run went on: three tokens were handed out before the state was stored. */
function idsAfterThreeTokens(): IdSource {
  return { ...testIds(3), uuid: () => 'unused' };
}

/** Every object in `value` that holds `key`, at any depth. */
function holders(value: unknown, key: string): unknown[] {
  if (value === null || typeof value !== 'object') return [];
  const own = !Array.isArray(value) && Object.hasOwn(value, key) ? [value] : [];
  return [...own, ...Object.values(value).flatMap((child) => holders(child, key))];
}

/** The frames of a running foreach state that may hold an input: everything but task attempts. */
function storedInputs(state: ExecutionState): unknown[] {
  const root = structuredClone(state.root);
  for (const attempt of holders(root, 'scheduleEventId')) delete (attempt as JsonObject).input;
  return holders(root, 'input');
}

/** Commands without the fields `RegisterToken` has carried since task ids (the stored engine had none). */
function withoutTaskFields(commands: readonly EngineCommand[]): EngineCommand[] {
  return commands.map((command) => {
    if (command.type !== 'RegisterToken') return command;
    const { taskId: _id, pattern: _pattern, resourceArn: _arn, scheduledTime: _time, ...rest } = command;
    return rest;
  });
}

describe('stored state, schema version 1, upgraded', () => {
  const stored = fixture<V1ForeachFixture>('v1-foreach-waiting');
  const definition = definitionOf(stored.definition);

  it('is a running foreach with its inputs and items stored', () => {
    assert.equal(stored.state.schemaVersion, 1);
    assert.ok(storedInputs(stored.state).length >= 4);
    assert.equal(holders(stored.state, 'items').length, 1);
  });

  it('goes on exactly as the engine that stored it did: same events, same commands', () => {
    const ids = idsAfterThreeTokens();
    let state = stored.state;
    for (const expected of stored.continuation) {
      const result = advance(definition, state, expected.event, expected.at, ids);
      assert.deepEqual(result.events, expected.events, `events of ${expected.event.type}`);
      assert.deepEqual(
        withoutTaskFields(result.commands),
        expected.commands,
        `commands of ${expected.event.type}`,
      );
      state = result.state;
    }
    assert.equal(state.status, 'Succeeded');
    assert.deepEqual(state.output, {
      results: [{ done: 'ok-a' }, { done: 'ok-b' }, { done: 'ok-c' }],
      other: 'kept',
    });
  });

  it('comes out of its first advance in the current layout, without stored inputs or items', () => {
    const [first] = stored.continuation;
    assert.ok(first);
    const { state } = advanceAll(definition, stored.state, [first.event], first.at, idsAfterThreeTokens());
    assert.equal(state.schemaVersion, STATE_SCHEMA_VERSION);
    assert.equal(state.status, 'Running');
    assert.deepEqual(storedInputs(state), []);
    assert.deepEqual(holders(state, 'items'), []);
    // Finished locals by index (schema 4), not in an array with a slot per item.
    const frame = state.root?.step;
    assert.ok(frame?.type === 'foreach' && !Array.isArray(frame.locals));
    assert.ok(Array.isArray((stored.state.root?.step as { locals?: unknown }).locals));
    // The stored copy is left as it was.
    assert.equal(stored.state.schemaVersion, 1);
  });

  it('upgrades a version 1 foreach whose iterations kept only their item and index alike', () => {
    // An engine of version 1 stored running iterations with only their own keys for a while.
    const lean = structuredClone(stored.state);
    const foreach = lean.root?.step;
    assert.equal(foreach?.type, 'foreach');
    for (const [key, iteration] of Object.entries(foreach.type === 'foreach' ? foreach.running : {})) {
      const item = stored.state.input.xs;
      Object.assign(iteration, {
        input: { x: Array.isArray(item) ? item[Number(key)] : null, i: Number(key) },
      });
    }
    const ids = idsAfterThreeTokens();
    let state = lean;
    for (const expected of stored.continuation) {
      const result = advance(definition, state, expected.event, expected.at, ids);
      assert.deepEqual(result.events, expected.events, `events of ${expected.event.type}`);
      state = result.state;
    }
    assert.equal(state.status, 'Succeeded');
  });

  it('upgrades the version 1 parallel fixture too', () => {
    const parallel = fixture<{ definition: string; state: ExecutionState }>('v1-parallel-waiting');
    const { state } = advanceAll(
      definitionOf(parallel.definition),
      parallel.state,
      [{ type: 'CheckDeadline', scheduleEventId: 6 }],
      parallel.state.startedTime + 1000,
      testIds(),
    );
    assert.equal(state.schemaVersion, STATE_SCHEMA_VERSION);
    assert.deepEqual(storedInputs(state), []);
  });
});
