/**
 * Task ids, approval links and the default ceiling of callback tasks (api.md "Task", "Approval
 * links"; README "Semantics"): the engine names each attempt, hands its mappings the signed links the
 * runtime makes, and never lets a callback task with no clock of its own wait forever.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CALLBACK_CEILING_SECONDS } from '../../../lib/engine/limits.ts';
import { isTaskIdShape, taskIdOf } from '../../../lib/engine/task-id.ts';
import type { RegisterTokenCommand } from '../../../lib/engine/types.ts';
import { callback, eventOf, flow, mappings, run } from '../../support/engine-flows.ts';

/** The `RegisterToken` commands a run has produced. */
function registrations(commands: readonly { type: string }[]): RegisterTokenCommand[] {
  return commands.filter((command): command is RegisterTokenCommand => command.type === 'RegisterToken');
}

const START = Date.UTC(2026, 0, 1);

describe('task ids', () => {
  it('names each attempt with a URL-safe id derived from the execution and TaskScheduled, never the token', () => {
    // Prepare
    const r = run(
      flow([callback('cb', { timeoutSeconds: 60, retry: [{ errors: ['FnF.ALL'], maxAttempts: 1 }] })]),
    );
    // Act
    r.start();
    r.answer({ ok: true, output: {} });
    r.report({ kind: 'failed', error: 'Oops', cause: '' });
    r.advanceBy(10_000);
    // Assess
    const [first, second] = registrations(r.commands);
    assert.ok(first?.taskId && second?.taskId);
    assert.equal(first.taskId, taskIdOf('test-flow', 'exec-1', START, first.scheduleEventId));
    assert.ok(isTaskIdShape(first.taskId));
    assert.notEqual(first.taskId, second.taskId, 'a retried attempt is another task');
    assert.ok(
      !first.taskId.includes('token') &&
        !atob(first.taskId.replaceAll('-', '+').replaceAll('_', '/')).includes('token'),
    );
    assert.deepEqual(
      [first.pattern, first.resourceArn, first.scheduledTime],
      ['waitForCallback', 'acs:fc:::services/svc/functions/worker', START],
    );
  });

  it('refuses shapes that cannot be task ids', () => {
    assert.ok(!isTaskIdShape(''));
    assert.ok(!isTaskIdShape('a/b'));
    assert.ok(!isTaskIdShape('x'.repeat(401)));
  });
});

describe('approval links in mappings', () => {
  const definition = flow([
    callback('approve', {
      timeoutSeconds: 3600,
      inputMappings: mappings({ yes: '$context.task.approveUrl', no: '$context.task.rejectUrl' }),
    }),
  ]);

  it('maps $context.task.approveUrl and rejectUrl, signed by the runtime until the task deadline', () => {
    // Prepare
    const r = run(definition);
    const asked: [string, number][] = [];
    r.ids.approvalLinks = (taskId, expires) => {
      asked.push([taskId, expires]);
      return { approveUrl: `https://x/${taskId}/approve`, rejectUrl: `https://x/${taskId}/reject` };
    };
    // Act
    r.start();
    // Assess
    const [registration] = registrations(r.commands);
    assert.deepEqual(asked, [[registration?.taskId, (START + 3_600_000) / 1000]]);
    assert.deepEqual(eventOf(r.history, 'TaskScheduled').detail.input, {
      yes: `https://x/${registration?.taskId}/approve`,
      no: `https://x/${registration?.taskId}/reject`,
    });
  });

  it('lets links of a task without a timeout expire 7 days after it is scheduled', () => {
    const r = run(
      flow([callback('approve', { inputMappings: mappings({ yes: '$context.task.approveUrl' }) })]),
    );
    let expiry = 0;
    r.ids.approvalLinks = (_taskId, expires) => {
      expiry = expires;
      return { approveUrl: 'a', rejectUrl: 'r' };
    };
    r.start();
    assert.equal(expiry, START / 1000 + 7 * 24 * 3600);
  });

  it('leaves them absent where no link secret is configured', () => {
    const r = run(definition);
    r.start();
    assert.deepEqual(eventOf(r.history, 'TaskScheduled').detail.input, {});
  });
});

describe('the default ceiling of a callback task', () => {
  it('gives a task with neither timeoutSeconds nor heartbeatSeconds a deadline a year after the start, with no timer', () => {
    const r = run(flow([callback('cb')]));
    r.start();
    const [registration] = registrations(r.commands);
    assert.equal(registration?.deadline, START + DEFAULT_CALLBACK_CEILING_SECONDS * 1000);
    assert.deepEqual(r.commandsOf('ScheduleTimer'), []);
  });

  it('times the task out when the backstop checks it after the ceiling, and refuses a later report', () => {
    // Prepare
    const r = run(flow([callback('cb')]));
    r.start();
    r.answer({ ok: true, output: {} });
    const token = r.latestToken();
    // Act
    r.now = START + DEFAULT_CALLBACK_CEILING_SECONDS * 1000;
    r.send({ type: 'CheckDeadline', scheduleEventId: token.scheduleEventId });
    const late = r.report({ kind: 'succeeded', output: {} });
    // Assess
    assert.equal(eventOf(r.history, 'TaskTimedOut').detail.error, 'FnF.TaskTimeout');
    assert.match(String(eventOf(r.history, 'TaskTimedOut').detail.cause), /default ceiling/);
    assert.equal(r.state.status, 'Failed');
    assert.equal(late.reply?.accepted, false);
  });

  it('refuses a report that arrives after the ceiling even when no backstop has run', () => {
    const r = run(flow([callback('cb')]));
    r.start();
    r.answer({ ok: true, output: {} });
    r.now = START + DEFAULT_CALLBACK_CEILING_SECONDS * 1000 + 1;
    const reply = r.report({ kind: 'succeeded', output: {} }).reply;
    assert.deepEqual(reply && !reply.accepted ? reply.code : undefined, 'TaskTimedOut');
  });

  it('leaves a task with a heartbeat or a timeout to its own clocks', () => {
    for (const more of [{ heartbeatSeconds: 60 }, { timeoutSeconds: 60 }]) {
      const r = run(flow([callback('cb', more)]));
      r.start();
      const [registration] = registrations(r.commands);
      assert.equal(registration?.deadline, 'timeoutSeconds' in more ? START + 60_000 : undefined);
    }
  });
});
