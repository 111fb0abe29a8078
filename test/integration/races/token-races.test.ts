/**
 * Races on 200 tokens over HTTP on the local runtime (dynalite + fauxqs): 40 executions, each a foreach
 * of 5 waitForCallback tasks (a catch keeps every iteration, whatever its outcome, so that no branch is
 * cancelled). Around each task's deadline (from 2.5 s before to 0.5 s after) a success, a failure and an
 * identical duplicate of the success are sent at once while the timeout fires. Each token must get
 * exactly one outcome in the history (TaskSucceeded, TaskFailed or TaskTimedOut), and every request the
 * answer semantics.md gives it: the winner and its identical duplicate `{eventId}` of the outcome, the
 * other report `TaskAlreadyCompleted`, all of them `TaskTimedOut` after a timeout — never
 * `TaskInvalidState` (the tokens of one execution are different tokens), never a 5xx.
 *
 * Load-proof: the first 100 tokens race their heartbeat timeout, whose clock starts at the submission,
 * so however slowly the calls are made, every token is raced around its deadline. How slowly they
 * were made sets the task timeout (counted from the scheduling) of the other 100, created afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { assertWellFormedHistory } from '../../support/engine-flows.ts';
import { longestDispatchMs, timeoutForDispatch } from '../../support/measured-deadlines.ts';
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

/** Executions of each of the two flows × tokens per execution = 200 tokens. */
const EXECUTIONS_PER_FLOW = 20;
const TOKENS_PER_EXECUTION = 5;
/** The heartbeat timeout of the first flow, in seconds (from each submission). */
const HEARTBEAT_S = 5;
/** Earliest and latest race around a deadline, in ms. */
const OFFSETS = { from: -2500, to: 500 } as const;

/** The race flow: each task times out by `limit` (`heartbeatSeconds: 5` or `timeoutSeconds: N`). */
function raceFlow(limit: string): string {
  return `version: v1
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
        ${limit}
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
}

const FUNCTIONS = { 'fnf-demo/echo.js': 'module.exports.handler = (event) => event;\n' };

/** A history event with its time. */
type TimedEvent = EventView & { time: string };

/** When a submitted task's timeout fires (epoch ms), from its history. */
type DeadlineOf = (submitted: TimedEvent, events: readonly TimedEvent[]) => number;

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

/** An execution whose tokens are all submitted: its history then, and its races (under way). */
interface Following {
  events: TimedEvent[];
  races: Promise<Raced[]>;
}

/**
 * Follows the execution's history (every 250 ms) and races each token as soon as it is submitted;
 * resolves once every token is. A task that ends before its submission fails the test (it could not
 * be raced): the heartbeat clock starts at the submission, and the task timeout is measured for it.
 */
async function followExecution(
  apiUrl: string,
  flow: string,
  name: string,
  deadlineOf: DeadlineOf,
  offsets: () => number,
): Promise<Following> {
  const races = new Map<number, Promise<Raced>>();
  for (;;) {
    const events = (await history(apiUrl, flow, name)) as TimedEvent[];
    for (const submitted of ofType(events, 'TaskSubmitted') as TimedEvent[]) {
      if (races.has(submitted.scheduleEventId)) continue;
      races.set(
        submitted.scheduleEventId,
        raceToken(apiUrl, submitted, deadlineOf(submitted, events), offsets()),
      );
    }
    if (races.size === TOKENS_PER_EXECUTION) return { events, races: Promise.all(races.values()) };
    const unraceable = events.filter(
      (event) => /^Task(TimedOut|Failed)$/.test(event.type) && !races.has(event.scheduleEventId),
    );
    if (unraceable.length > 0 || events.some((event) => event.type === 'ExecutionSucceeded')) {
      const trace = events.map((event) => [event.eventId, event.type, event.scheduleEventId]);
      assert.fail(`${flow}/${name}: a task ended before it was submitted: ${JSON.stringify(trace)}`);
    }
    await sleep(250);
  }
}

/** The code of an error answer (or 200 with the event id). */
function shapeOf(answer: Answer): [number, unknown] {
  return [answer.status, answer.status === 200 ? answer.body : answer.body.code];
}

/** The answers each outcome gives the success, the failure and the duplicate. */
function expectedAnswers(outcome: EventView): [number, unknown][] {
  const won = { eventId: outcome.eventId };
  if (outcome.type === 'TaskSucceeded') {
    return [
      [200, won],
      [400, 'TaskAlreadyCompleted'],
      [200, won],
    ];
  }
  if (outcome.type === 'TaskFailed') {
    return [
      [400, 'TaskAlreadyCompleted'],
      [200, won],
      [400, 'TaskAlreadyCompleted'],
    ];
  }
  return [
    [400, 'TaskTimedOut'],
    [400, 'TaskTimedOut'],
    [400, 'TaskTimedOut'],
  ];
}

describe('200 tokens: success, failure, duplicate and timeout racing at the deadline', () => {
  let local: LocalRuntime;
  before(async () => {
    local = await startWithFiles({ race_beat: raceFlow(`heartbeatSeconds: ${HEARTBEAT_S}`) }, FUNCTIONS);
  });
  after(async () => local?.stop());

  it('gives each token exactly one outcome, and every loser the answer of semantics.md', async (t) => {
    let seed = 7;
    // Offsets from the deadline, -2500…+500 ms, from a fixed sequence (reproducible).
    const offsets = (): number => {
      seed = (seed * 48271) % 2147483647;
      return (seed % (OFFSETS.to - OFFSETS.from)) + OFFSETS.from;
    };
    const items = Array.from({ length: TOKENS_PER_EXECUTION }, (_, index) => index);
    const names = (prefix: string) =>
      Array.from({ length: EXECUTIONS_PER_FLOW }, (_, index) => `${prefix}${index}`);
    /** Starts the executions `PREFIX0…` of `flow` and follows them until all their tokens are submitted. */
    const runAll = async (flow: string, prefix: string, deadlineOf: DeadlineOf): Promise<Following[]> => {
      await Promise.all(names(prefix).map((name) => startExecution(local.apiUrl, flow, name, { items })));
      return Promise.all(
        names(prefix).map((name) => followExecution(local.apiUrl, flow, name, deadlineOf, offsets)),
      );
    };

    // Heartbeat timeouts: from each submission, whenever it comes.
    const beating = await runAll(
      'race_beat',
      'b',
      (submitted) => Date.parse(submitted.time) + HEARTBEAT_S * 1000,
    );
    // Task timeouts: from each scheduling, so long enough for the dispatch just measured (and more).
    const dispatchMs = longestDispatchMs(beating.map((following) => following.events));
    const timeoutS = timeoutForDispatch(dispatchMs, {
      factor: 3,
      marginSeconds: -OFFSETS.from / 1000 + 2,
      minSeconds: 6,
    });
    t.diagnostic(`longest dispatch ${dispatchMs} ms: task timeout ${timeoutS} s`);
    const created = await call(local.apiUrl, 'POST', '/flows', {
      name: 'race_timeout',
      definition: raceFlow(`timeoutSeconds: ${timeoutS}`),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const timing = await runAll('race_timeout', 't', (submitted, events) => {
      const scheduled = events.find((event) => event.eventId === submitted.scheduleEventId) as TimedEvent;
      return Date.parse(scheduled.time) + timeoutS * 1000;
    });

    const seen: Record<string, number> = {};
    const problems: string[] = [];
    const runs = [
      { flow: 'race_beat', prefix: 'b', following: beating, timeoutError: 'FnF.HeartbeatTimeout' },
      { flow: 'race_timeout', prefix: 't', following: timing, timeoutError: 'FnF.TaskTimeout' },
    ];
    for (const { flow, prefix, following, timeoutError } of runs) {
      for (const [index, name] of names(prefix).entries()) {
        const raced = await (following[index] as Following).races;
        const { execution, events } = await endedWithHistory(local.apiUrl, flow, name, 120_000);
        assert.equal(execution.status, 'Succeeded', name);
        assertWellFormedHistory(events as never);
        assert.equal(ofType(events, 'TaskScheduled').length, TOKENS_PER_EXECUTION);
        for (const race of raced) {
          const outcomes = events.filter(
            (event) =>
              event.scheduleEventId === race.scheduleEventId &&
              /^Task(Succeeded|Failed|TimedOut)$/.test(event.type),
          );
          const where = `${flow}/${name} task ${race.scheduleEventId}`;
          if (outcomes.length !== 1) {
            problems.push(`${where}: ${outcomes.length} outcomes`);
            continue;
          }
          const outcome = outcomes[0] as EventView;
          seen[outcome.type] = (seen[outcome.type] ?? 0) + 1;
          if (outcome.type === 'TaskTimedOut' && outcome.detail.error !== timeoutError) {
            problems.push(`${where}: timed out with ${String(outcome.detail.error)}`);
          }
          const got = [race.success, race.failure, race.duplicate].map(shapeOf);
          if (JSON.stringify(got) !== JSON.stringify(expectedAnswers(outcome))) {
            problems.push(`${where}: ${outcome.type}, answered ${JSON.stringify(got)}`);
          }
        }
      }
    }
    t.diagnostic(`outcomes: ${JSON.stringify(seen)}`);
    assert.deepEqual(problems, [], `${problems.length} of 200 tokens answered wrong`);
    assert.equal(
      Object.values(seen).reduce((sum, count) => sum + count, 0),
      2 * EXECUTIONS_PER_FLOW * TOKENS_PER_EXECUTION,
    );
    for (const type of ['TaskSucceeded', 'TaskFailed', 'TaskTimedOut']) {
      assert.ok((seen[type] ?? 0) > 0, `some races won by ${type}: ${JSON.stringify(seen)}`);
    }
  });
});
