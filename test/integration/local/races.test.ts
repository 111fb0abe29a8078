/**
 * Racing callbacks over HTTP on the local runtime (dynalite + fauxqs): concurrent duplicate reports on
 * one token, a success racing a failure, reports on 20 tokens of one execution at once, and a report
 * racing its task's timeout — each applied at most once, answered as semantics.md says, gap-free.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { longestDispatchMs, timeoutForDispatch } from '../../support/measured-deadlines.ts';
import {
  type Answer,
  call,
  type EventView,
  endedWithHistory,
  eventually,
  history,
  ofType,
  SEED_FLOW_NAME,
  startExecution,
  startWithFiles,
  waitForToken,
} from './local-helpers.ts';

/** The seed's flow (one waitForCallback task on echo), with optional extra task fields. */
function seedFlow(extra = ''): string {
  return `version: v1
type: flow
steps:
  - type: task
    name: mytask
    resourceArn: acs:fc:::services/fnf-demo/functions/echo
    pattern: waitForCallback
${extra}    inputMappings:
      - target: taskToken
        source: $context.task.token
`;
}

const FLOWS: Record<string, string> = {
  [SEED_FLOW_NAME]: seedFlow(),
  fan_out: `version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: task
        name: job
        resourceArn: acs:fc:::services/fnf-demo/functions/echo
        pattern: waitForCallback
        inputMappings:
          - target: taskToken
            source: $context.task.token
          - target: item
            source: $input.item
    outputMappings:
      - target: results
        source: $local[*].done
`,
};

const FUNCTIONS = { 'fnf-demo/echo.js': 'module.exports.handler = (event) => event;\n' };

/** Sends a report of `kind` on `taskToken`. */
function report(
  apiUrl: string,
  kind: 'succeeded' | 'failed',
  taskToken: string,
  body: object,
): Promise<Answer> {
  return call(apiUrl, 'POST', `/tasks/${kind}`, { taskToken, ...body });
}

describe('racing callbacks on the local runtime', () => {
  let local: LocalRuntime;

  before(async () => {
    local = await startWithFiles(FLOWS, FUNCTIONS);
  });

  after(async () => local?.stop());

  it('10 concurrent identical ReportTaskSucceeded: one TaskSucceeded, every caller gets its eventId', async () => {
    await startExecution(local.apiUrl, SEED_FLOW_NAME, 'dup');
    const token = await waitForToken(local.apiUrl, SEED_FLOW_NAME, 'dup');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        report(local.apiUrl, 'succeeded', token, { output: { status: 'ok' } }),
      ),
    );
    const { execution, events } = await endedWithHistory(local.apiUrl, SEED_FLOW_NAME, 'dup');
    assert.deepEqual([execution.status, execution.output], ['Succeeded', { status: 'ok' }]);
    const succeeded = ofType(events, 'TaskSucceeded');
    assert.equal(succeeded.length, 1);
    for (const answer of answers) {
      assert.deepEqual(answer, { status: 200, body: { eventId: succeeded[0]?.eventId } });
    }
  });

  it('a success racing a failure on one token: exactly one applied, the other TaskAlreadyCompleted', async () => {
    const names = ['mix1', 'mix2', 'mix3', 'mix4', 'mix5'];
    await Promise.all(
      names.map(async (name) => {
        await startExecution(local.apiUrl, SEED_FLOW_NAME, name);
        const token = await waitForToken(local.apiUrl, SEED_FLOW_NAME, name);
        const [success, failure] = await Promise.all([
          report(local.apiUrl, 'succeeded', token, { output: { status: 'ok' } }),
          report(local.apiUrl, 'failed', token, { error: 'Nope', cause: 'racing' }),
        ]);
        const { execution, events } = await endedWithHistory(local.apiUrl, SEED_FLOW_NAME, name);
        const outcomes = events.filter((event) => /^Task(Succeeded|Failed)$/.test(event.type));
        assert.equal(outcomes.length, 1, 'exactly one report applied');
        const [winner, loser] =
          outcomes[0]?.type === 'TaskSucceeded' ? [success, failure] : [failure, success];
        assert.deepEqual(winner, { status: 200, body: { eventId: outcomes[0]?.eventId } });
        assert.deepEqual([loser.status, loser.body.code], [400, 'TaskAlreadyCompleted']);
        assert.equal(execution.status, outcomes[0]?.type === 'TaskSucceeded' ? 'Succeeded' : 'Failed');
      }),
    );
  });

  it('reports on 20 tokens of one execution (foreach over waitForCallback) at once: all applied', async () => {
    const items = Array.from({ length: 20 }, (_, index) => index);
    await startExecution(local.apiUrl, 'fan_out', 'f1', { items });
    const submitted = await eventually(
      async () => {
        const found = ofType(await history(local.apiUrl, 'fan_out', 'f1'), 'TaskSubmitted');
        return found.length === items.length ? found : undefined;
      },
      30_000,
      'the 20 submitted tasks',
    );
    const answers = await Promise.all(
      submitted.map((event) =>
        report(local.apiUrl, 'succeeded', String(event.detail.taskToken), {
          output: { done: (event.detail.input as { item: number }).item },
        }),
      ),
    );
    for (const answer of answers) assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const { execution, events } = await endedWithHistory(local.apiUrl, 'fan_out', 'f1', 30_000);
    assert.deepEqual([execution.status, execution.output], ['Succeeded', { results: items }]);
    const succeeded = ofType(events, 'TaskSucceeded');
    assert.equal(succeeded.length, 20);
    assert.deepEqual(
      answers.map((answer) => answer.body.eventId).sort(),
      succeeded.map((event) => event.eventId).sort(),
      'each answer names its own TaskSucceeded',
    );
  });

  it('a report racing its timeout gets exactly one outcome, and an answer that agrees', async (t) => {
    const offsets = [-200, -100, -50, -20, 0, 20, 50, 100, 200];
    // The timeout, counted from the scheduling, must leave time for the call: as long as three times
    // the longest call of as many executions started at once a moment ago (at least 1 s).
    const probes = offsets.map((_, index) => `probe${index}`);
    await Promise.all(probes.map((name) => startExecution(local.apiUrl, SEED_FLOW_NAME, name)));
    const probeTokens = await Promise.all(
      probes.map((name) => waitForToken(local.apiUrl, SEED_FLOW_NAME, name)),
    );
    const histories = await Promise.all(probes.map((name) => history(local.apiUrl, SEED_FLOW_NAME, name)));
    const dispatchMs = longestDispatchMs(histories as (EventView & { time: string })[][]);
    for (const token of probeTokens) await report(local.apiUrl, 'succeeded', token, { output: {} });
    const timeoutS = timeoutForDispatch(dispatchMs, { factor: 3, marginSeconds: 0.5, minSeconds: 1 });
    t.diagnostic(`longest dispatch ${dispatchMs} ms: task timeout ${timeoutS} s`);
    const created = await call(local.apiUrl, 'POST', '/flows', {
      name: 'timed',
      definition: seedFlow(`    timeoutSeconds: ${timeoutS}\n`),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const seen = new Set<string>();
    await Promise.all(
      offsets.map(async (offset, index) => {
        const name = `race${index}`;
        await startExecution(local.apiUrl, 'timed', name);
        await waitForToken(local.apiUrl, 'timed', name);
        const events = await history(local.apiUrl, 'timed', name);
        const scheduled = ofType(events, 'TaskScheduled')[0] as unknown as { time: string };
        const token = String(ofType(events, 'TaskSubmitted')[0]?.detail.taskToken);
        const deadline = Date.parse(scheduled.time) + timeoutS * 1000;
        await sleep(Math.max(0, deadline + offset - Date.now()));
        const answer = await report(local.apiUrl, 'succeeded', token, { output: { status: 'ok' } });

        const ended = await endedWithHistory(local.apiUrl, 'timed', name);
        const outcomes = ended.events.filter((event) => /^Task(Succeeded|TimedOut)$/.test(event.type));
        assert.equal(outcomes.length, 1, `one outcome at offset ${offset}: ${outcomes.map((e) => e.type)}`);
        const outcome = outcomes[0];
        seen.add(outcome?.type ?? '');
        if (outcome?.type === 'TaskSucceeded') {
          assert.deepEqual(answer, { status: 200, body: { eventId: outcome.eventId } });
          assert.equal(ended.execution.status, 'Succeeded');
        } else {
          assert.deepEqual([answer.status, answer.body.code], [400, 'TaskTimedOut']);
          assert.deepEqual([ended.execution.status, ended.execution.error], ['Failed', 'FnF.TaskTimeout']);
        }
      }),
    );
    assert.ok(seen.size >= 1);
  });
});
