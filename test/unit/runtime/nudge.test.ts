/**
 * A hand-off's safety net (lib/runtime/nudge.ts): a call's answer left in the inbox of a drainer that
 * then dies is applied once the drainer's lease has run out — by the nudge its hand-off scheduled, with
 * no other event, sweeper or recovery touching the execution. Drain leases are in real time, so the
 * drainer here holds one of 1.7 s (more than the half lease a hand-off needs).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MemoryRuntime } from '../../../lib/adapters/memory/index.ts';
import { DRAIN_LEASE_MS } from '../../../lib/runtime/apply.ts';
import { NUDGE_MARGIN_MS, NUDGE_TIMER_ID } from '../../../lib/runtime/nudge.ts';
import { createFlow, setup } from './runtime-helpers.ts';

const FLOW = `version: v1
type: flow
steps:
  - type: task
    name: work
    resourceArn: acs:fc:::services/svc/functions/fn
`;

const key = { flowName: 'nudged', executionName: 'e' };

/** Another process's drainer takes (or renews) the execution's lease until `until` (real time). */
async function leaseTo(m: MemoryRuntime, until: number): Promise<void> {
  const record = await m.stores.executions.load(key);
  assert.ok(record);
  const committed = await m.stores.executions.commit(key, {
    expectedVersion: record.version,
    state: record.state,
    outbox: { events: [], commands: [] },
    committedAt: m.clock.now(),
    consumedInbox: 0,
    recentHistory: record.recentHistory,
    completedOutboxes: [],
    drainer: { owner: 'another-process', until },
  });
  assert.equal(committed.ok, true);
}

/** The execution's nudge timers (their fire times). */
async function nudges(m: MemoryRuntime): Promise<number[]> {
  const due = await m.stores.timers.listDue(Number.MAX_SAFE_INTEGER, 100);
  return due.filter((timer) => timer.timerId === NUDGE_TIMER_ID).map((timer) => timer.fireAt);
}

/** A started execution whose call's answer lost its commit and was handed off to that drainer. */
async function handedOff(): Promise<MemoryRuntime> {
  const m = setup({ functions: { 'svc/fn': () => ({ done: true }) } });
  await createFlow(m, key.flowName, FLOW);
  await m.operations.startExecution(key);
  // Over half a lease left (what a hand-off needs), with room for a slow machine.
  await leaseTo(m, Date.now() + DRAIN_LEASE_MS / 2 + 700);
  m.stores.executions.faults.failNext('commit', 'conflict');
  await m.dispatcher.drain();
  const waiting = await m.stores.executions.load(key);
  assert.equal(waiting?.state.status, 'Running');
  assert.equal(waiting?.inbox.length, 1, 'the answer waits in the inbox, its work item acknowledged');
  return m;
}

describe('hand-off nudges', () => {
  it('an answer handed off to a drainer that dies is applied after its lease by the nudge alone', async () => {
    const m = await handedOff();
    const [fireAt, ...more] = await nudges(m);
    assert.ok(fireAt !== undefined && more.length === 0, 'one nudge');
    assert.ok(fireAt <= m.clock.now() + DRAIN_LEASE_MS + NUDGE_MARGIN_MS, 'due just after the lease');
    // The drainer's lease runs out (real time); only the runtime's clock moves on to the nudge.
    await new Promise((resolve) => setTimeout(resolve, DRAIN_LEASE_MS / 2 + 800));
    await m.clock.advanceTo(fireAt);
    const ended = await m.operations.describeExecution(key);
    assert.equal(ended.status, 'Succeeded');
    assert.deepEqual(ended.output, { done: true });
    assert.deepEqual((await m.stores.executions.load(key))?.inbox, []);
    assert.deepEqual(await nudges(m), [], 'the nudge is gone once done');
  });

  it('a nudge that finds the drainer alive moves to its new lease end, and applies once it is gone', async () => {
    const m = await handedOff();
    const [first] = await nudges(m);
    assert.ok(first !== undefined);
    // The drainer renews its lease for a minute before the nudge is due.
    await leaseTo(m, Date.now() + 60_000);
    await m.clock.advanceTo(first);
    assert.equal((await m.operations.describeExecution(key)).status, 'Running', 'left to the live drainer');
    const [moved] = await nudges(m);
    assert.ok(moved !== undefined && moved >= first + 50_000, `moved to ${moved}`);
    // Then it dies (its lease ends now): the moved nudge applies the answer.
    await leaseTo(m, Date.now() - 1);
    await m.clock.advanceTo(moved);
    assert.equal((await m.operations.describeExecution(key)).status, 'Succeeded');
    assert.deepEqual(await nudges(m), []);
  });
});
