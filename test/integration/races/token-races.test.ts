/**
 * Races on 200 tokens over HTTP on the local runtime (dynalite + fauxqs): 40 executions, each a foreach
 * of 5 waitForCallback tasks with a 20 s timeout (a catch keeps every iteration, whatever its outcome,
 * so that no branch is cancelled). Around each task's deadline (from 2.5 s before to 0.5 s after) a success, a failure and an
 * identical duplicate of the success are sent at once while the timeout fires. Each token must get
 * exactly one outcome in the history (TaskSucceeded, TaskFailed or TaskTimedOut), and every request the
 * answer semantics.md gives it: the winner and its identical duplicate `{eventId}` of the outcome, the
 * other report `TaskAlreadyCompleted`, all of them `TaskTimedOut` after a timeout — never
 * `TaskInvalidState` (the tokens of one execution are different tokens), never a 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { assertWellFormedHistory } from '../../support/engine-flows.ts';
import {
  type Answer,
  call,
  type EventView,
  endedWithHistory,
  history,
  ofType,
  startExecution,
  startWithFiles,
} from '../local/local-helpers.ts';

/** Executions × tokens per execution = 200 tokens. */
const EXECUTIONS = 40;
const TOKENS_PER_EXECUTION = 5;
/**
 * The tasks' timeout, in seconds: long enough for 200 calls to be made on a machine running two
 * suites at once (the race needs every task submitted before its deadline), short enough to wait out.
 */
const TIMEOUT_S = 20;

const RACE_FLOW = `version: v1
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
        timeoutSeconds: ${TIMEOUT_S}
        inputMappings:
          - target: taskToken
            source: $context.task.token
          - target: item
            source: $input.item
        catch:
          - errors:
              - FnF.ALL
            goto: settled
      - type: pass
        name: settled
`;

const FUNCTIONS = { 'fnf-demo/echo.js': 'module.exports.handler = (event) => event;\n' };

/** A history event with its time. */
type TimedEvent = EventView & { time: string };

/** The three racing reports on one token, and their answers. */
interface Raced {
  scheduleEventId: number;
  success: Answer;
  failure: Answer;
  duplicate: Answer;
}

/** Races three reports on one submitted token at its deadline plus an offset. */
async function raceToken(
  apiUrl: string,
  submitted: EventView,
  deadline: number,
  offset: number,
): Promise<Raced> {
  const taskToken = String(submitted.detail.taskToken);
  await sleep(Math.max(0, deadline + offset - Date.now()));
  const output = { item: (submitted.detail.input as { item: number }).item };
  const succeed = () => call(apiUrl, 'POST', '/tasks/succeeded', { taskToken, output });
  const fail = () =>
    call(apiUrl, 'POST', '/tasks/failed', { taskToken, error: 'Race.Failed', cause: 'racing' });
  // Half of the races send the failure first, so that either report may win.
  const [success, failure, duplicate] =
    offset % 2 === 0
      ? await Promise.all([succeed(), fail(), succeed()])
      : await Promise.all([fail(), succeed(), succeed()]).then(([f, s, d]) => [s, f, d] as const);
  return { scheduleEventId: submitted.scheduleEventId, success, failure, duplicate };
}

/** Follows the execution's history (every 250 ms) and races each token as soon as it is submitted. */
async function raceExecution(apiUrl: string, name: string, offsets: () => number): Promise<Raced[]> {
  const races = new Map<number, Promise<Raced>>();
  const giveUp = Date.now() + 60_000;
  while (races.size < TOKENS_PER_EXECUTION) {
    const events = (await history(apiUrl, 'race', name)) as TimedEvent[];
    for (const submitted of ofType(events, 'TaskSubmitted')) {
      if (races.has(submitted.scheduleEventId)) continue;
      const scheduled = events.find((event) => event.eventId === submitted.scheduleEventId) as TimedEvent;
      const deadline = Date.parse(scheduled.time) + TIMEOUT_S * 1000;
      races.set(submitted.scheduleEventId, raceToken(apiUrl, submitted, deadline, offsets()));
    }
    const ended = events.some((event) => event.type === 'ExecutionSucceeded');
    if (ended || Date.now() > giveUp) {
      const trace = events.map((event) => [event.eventId, event.type, event.scheduleEventId]);
      assert.fail(
        `${name}: ${races.size} of ${TOKENS_PER_EXECUTION} tokens submitted: ${JSON.stringify(trace)}`,
      );
    }
    if (races.size < TOKENS_PER_EXECUTION) await sleep(250);
  }
  return Promise.all(races.values());
}

/** The code of an error answer (or 200 with the event id). */
function shapeOf(answer: Answer): [number, unknown] {
  return [answer.status, answer.status === 200 ? answer.body : answer.body.code];
}

describe('200 tokens: success, failure, duplicate and timeout racing at the deadline', () => {
  let local: LocalRuntime;
  before(async () => {
    local = await startWithFiles({ race: RACE_FLOW }, FUNCTIONS);
  });
  after(async () => local?.stop());

  it('gives each token exactly one outcome, and every loser the answer of semantics.md', async (t) => {
    let seed = 7;
    // Offsets from the deadline, -2500…+500 ms, from a fixed sequence (reproducible).
    const offsets = (): number => {
      seed = (seed * 48271) % 2147483647;
      return (seed % 3000) - 2500;
    };
    const items = Array.from({ length: TOKENS_PER_EXECUTION }, (_, index) => index);
    const names = Array.from({ length: EXECUTIONS }, (_, index) => `r${index}`);
    await Promise.all(names.map((name) => startExecution(local.apiUrl, 'race', name, { items })));
    const raced = await Promise.all(names.map((name) => raceExecution(local.apiUrl, name, offsets)));

    const seen: Record<string, number> = {};
    const problems: string[] = [];
    for (const [index, name] of names.entries()) {
      const { execution, events } = await endedWithHistory(local.apiUrl, 'race', name, 30_000);
      assert.equal(execution.status, 'Succeeded', name);
      assertWellFormedHistory(events as never);
      assert.equal(ofType(events, 'TaskScheduled').length, TOKENS_PER_EXECUTION);
      for (const race of raced[index] ?? []) {
        const outcomes = events.filter(
          (event) =>
            event.scheduleEventId === race.scheduleEventId &&
            /^Task(Succeeded|Failed|TimedOut)$/.test(event.type),
        );
        const where = `${name} task ${race.scheduleEventId}`;
        if (outcomes.length !== 1) {
          problems.push(`${where}: ${outcomes.length} outcomes`);
          continue;
        }
        const outcome = outcomes[0] as EventView;
        seen[outcome.type] = (seen[outcome.type] ?? 0) + 1;
        const won = { eventId: outcome.eventId };
        const expected: Record<string, [number, unknown][]> = {
          TaskSucceeded: [
            [200, won],
            [400, 'TaskAlreadyCompleted'],
            [200, won],
          ],
          TaskFailed: [
            [400, 'TaskAlreadyCompleted'],
            [200, won],
            [400, 'TaskAlreadyCompleted'],
          ],
          TaskTimedOut: [
            [400, 'TaskTimedOut'],
            [400, 'TaskTimedOut'],
            [400, 'TaskTimedOut'],
          ],
        };
        const got = [race.success, race.failure, race.duplicate].map(shapeOf);
        if (JSON.stringify(got) !== JSON.stringify(expected[outcome.type])) {
          problems.push(`${where}: ${outcome.type}, answered ${JSON.stringify(got)}`);
        }
      }
    }
    t.diagnostic(`outcomes: ${JSON.stringify(seen)}`);
    assert.deepEqual(problems, [], `${problems.length} of 200 tokens answered wrong`);
    assert.equal(
      Object.values(seen).reduce((sum, count) => sum + count, 0),
      EXECUTIONS * TOKENS_PER_EXECUTION,
    );
    for (const type of ['TaskSucceeded', 'TaskFailed', 'TaskTimedOut']) {
      assert.ok((seen[type] ?? 0) > 0, `some races won by ${type}: ${JSON.stringify(seen)}`);
    }
  });
});
