/**
 * State schema 3: a task attempt stores neither its input nor its token (nor the token's hash).
 * Both are derived when needed — the token from the execution's seed and the attempt's id, the
 * input from its sequence — and must come out exactly as they were when the attempt started.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutionState, TaskFrame } from '../../../lib/engine/types.ts';
import { STATE_SCHEMA_VERSION } from '../../../lib/engine/types.ts';
import type { JsonObject } from '../../../lib/fdl/types.ts';
import { randomIds } from '../../../lib/runtime/random-ids.ts';
import { callback, eventOf, flow, mappings, run } from '../../support/engine-flows.ts';
import { Harness } from '../../support/engine-harness.ts';

/** The waiting attempt of a one-task flow. */
function attemptOf(state: ExecutionState) {
  const frame = state.root?.step as TaskFrame | undefined;
  assert.ok(frame?.attempt);
  return frame.attempt;
}

describe('derived attempt data (schema 3)', () => {
  const approval = flow([
    callback('approve', {
      timeoutSeconds: 3600,
      inputMappings: mappings({
        order: '$input.order',
        token: '$context.task.token',
        callId: '$context.task.callId',
        yes: '$context.task.approveUrl',
      }),
      outputMappings: mappings({ seen: '$input', decision: '$local.decision' }),
    }),
  ]);

  /** A run of `approval` whose runtime signs links. */
  function signedRun(): Harness {
    const r = run(approval, { order: { id: 7, total: 12.5 } });
    r.ids.approvalLinks = (taskId, expires) => ({
      approveUrl: `https://x/${taskId}/approve?e=${expires}`,
      rejectUrl: `https://x/${taskId}/reject?e=${expires}`,
    });
    return r;
  }

  it('stores a waiting attempt as a few numbers: no input, token or hash', () => {
    const r = signedRun();
    r.start();
    r.answer({ ok: true, output: {} });
    const attempt = attemptOf(r.state);
    assert.equal(attempt.phase, 'waiting');
    assert.deepEqual(Object.keys(attempt).sort(), [
      'deadline',
      'hasToken',
      'linksExpire',
      'phase',
      'scheduleEventId',
    ]);
    const stored = JSON.stringify(r.state.root);
    assert.equal(stored.includes('token-1'), false);
    assert.equal(stored.includes('hash-1'), false);
    assert.equal(r.state.schemaVersion, STATE_SCHEMA_VERSION);
  });

  it('derives the very input the attempt started with for TaskSubmitted and the output mappings', () => {
    const r = signedRun();
    r.start();
    const scheduled = eventOf(r.history, 'TaskScheduled').detail.input;
    assert.equal((scheduled as { token: string }).token, 'token-1');
    assert.match(String((scheduled as { yes: string }).yes), /^https:\/\/x\/.+\/approve\?e=\d+$/);
    // The state goes through JSON between advances, as it does through a store.
    r.state = JSON.parse(JSON.stringify(r.state));
    r.answer({ ok: true, output: {} });
    assert.deepEqual(eventOf(r.history, 'TaskSubmitted').detail.input, scheduled);
    r.state = JSON.parse(JSON.stringify(r.state));
    r.report({ kind: 'succeeded', output: { decision: 'yes' } });
    assert.equal(r.state.status, 'Succeeded');
    assert.deepEqual(r.state.output, { seen: scheduled, decision: 'yes' });
  });

  it('derives for every retry its own input, and the output mappings of the last one', () => {
    const r = run(
      flow([
        callback('cb', {
          inputMappings: mappings({ token: '$context.task.token', n: '$context.step.retryCount' }),
          retry: [{ errors: ['Again'], maxAttempts: 1, intervalSeconds: 1 }],
          outputMappings: mappings({ was: '$input' }),
        }),
      ]),
    );
    r.start();
    r.answer({ ok: true, output: {} });
    r.report({ kind: 'failed', error: 'Again', cause: '' });
    r.advanceBy(1000);
    r.answer({ ok: true, output: {} });
    r.report({ kind: 'succeeded', output: {} });
    const inputs = r.history.filter((e) => e.type === 'TaskScheduled').map((e) => e.detail.input);
    assert.deepEqual(inputs, [
      { token: 'token-1', n: 0 },
      { token: 'token-2', n: 1 },
    ]);
    assert.equal(r.state.status, 'Succeeded');
    assert.deepEqual(eventOf(r.history, 'StepExited', 'cb').detail.output, {
      was: { token: 'token-2', n: 1 },
    });
  });

  it('derives production tokens the same way on any process: HMAC of the attempt id under the seed', () => {
    const r = new Harness(approval, { order: {} });
    Object.assign(r.ids, { newSeed: randomIds().newSeed, tokenOf: randomIds().tokenOf });
    r.start();
    const [call] = r.commandsOf('CallResource');
    const seed = r.state.tokenSeed ?? '';
    assert.equal(call?.taskToken, randomIds().tokenOf(seed, call?.scheduleEventId ?? 0).token);
    assert.equal(r.registeredTokens()[0]?.hash, randomIds().tokenOf(seed, call?.scheduleEventId ?? 0).hash);
    assert.equal(JSON.stringify(r.state.root).includes(call?.taskToken ?? '-'), false);
  });

  it('goes on with an attempt of schema 2, which stored its input and token hash', () => {
    const r = signedRun();
    r.start();
    const scheduled = eventOf(r.history, 'TaskScheduled').detail.input as JsonObject;
    r.answer({ ok: true, output: {} });
    // The same attempt as schema 2 stored it: a random token, so its hash and input in the state.
    const legacy = structuredClone(r.state) as ExecutionState;
    legacy.schemaVersion = 2;
    delete legacy.tokenSeed;
    const attempt = attemptOf(legacy);
    delete attempt.hasToken;
    delete attempt.linksExpire;
    Object.assign(attempt, { input: { ...scheduled, token: 'old-random-token' }, tokenHash: 'old-hash' });
    r.state = legacy;
    const refused = r.send({
      type: 'Report',
      scheduleEventId: attempt.scheduleEventId,
      tokenHash: 'hash-1',
      report: { kind: 'succeeded', output: {} },
    });
    assert.equal(refused.reply?.accepted, false);
    const accepted = r.send({
      type: 'Report',
      scheduleEventId: attempt.scheduleEventId,
      tokenHash: 'old-hash',
      report: { kind: 'succeeded', output: { decision: 'no' } },
    });
    assert.equal(accepted.reply?.accepted, true);
    assert.deepEqual(r.state.output, { seen: { ...scheduled, token: 'old-random-token' }, decision: 'no' });
    assert.equal(r.state.schemaVersion, STATE_SCHEMA_VERSION);
  });
});
