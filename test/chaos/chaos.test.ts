/**
 * Chaos: 500 executions in flight on `flowback serve --data DIR` (a child process), killed with SIGKILL
 * three times — while executions are being started, while reports are being sent, and while task
 * timeouts and wait steps are pending — and restarted on the same port each time. The clients never
 * stop: they retry every request that got no answer, and report through the queue worker's own retrying
 * `sendReport`. In the end every execution has ended exactly once, with the status and output its
 * report (or its timeout) calls for, a gap-free, well-formed history with one outcome per task, and the
 * answer its report got agrees with that history. The function logs every call with its call id
 * (invariant 6): each task attempt is called under one call id, every attempt was called, and a repeat
 * (a call in flight when the server was killed) carries the same id. `CHAOS_SEED=n` repeats a run's
 * plan and kill points.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { HistoryEvent } from '../../lib/engine/types.ts';
import {
  assertGapFree,
  call,
  type EventView,
  eventually,
  history,
  ofType,
  SEED_FLOW_NAME,
  tempDir,
  waitForEnd,
  writeFlows,
} from '../integration/local/local-helpers.ts';
import { assertWellFormedHistory } from '../support/engine-flows.ts';
import { end, freePort, type Served, serve } from '../support/served.ts';
import { CHAOS_FLOWS, ChaosClients, MIX, type Planned, plan, prng, TASK_TIMEOUT_S } from './chaos-driver.ts';

/** Longest wait for any one phase, in ms. */
const PHASE_TIMEOUT_MS = 180_000;

/** Most calls one server can have in flight: 4 work pollers × 10 messages a batch (start-local-runtime). */
const CALLS_IN_FLIGHT = 40;

/**
 * The seed's echo function, which also appends `{execution, scheduleEventId, callId}` per call to
 * `calls.jsonl` beside it (appends of one short line are atomic).
 */
const LOGGING_ECHO = `import { appendFileSync } from 'node:fs';
const log = new URL('../calls.jsonl', import.meta.url);
export function handler(event, context) {
  const line = { execution: context.executionKey.executionName, sid: context.scheduleEventId, callId: context.callId };
  appendFileSync(log, JSON.stringify(line) + '\\n');
  return event;
}
`;

/** One logged call. */
interface LoggedCall {
  execution: string;
  sid: number;
  callId: string;
}

/**
 * Checks the call log: one call id per attempt, each planned execution's attempt called, and at most
 * `kills × CALLS_IN_FLIGHT` repeats. @returns the number of repeats.
 */
async function checkCalls(path: string, executions: readonly Planned[], kills: number): Promise<number> {
  const calls = (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LoggedCall);
  const idsByAttempt = new Map<string, Set<string>>();
  for (const call of calls) {
    const attempt = `${call.execution}/${call.sid}`;
    idsByAttempt.set(attempt, (idsByAttempt.get(attempt) ?? new Set()).add(call.callId));
  }
  const twoIds = [...idsByAttempt].filter(([, ids]) => ids.size > 1);
  assert.deepEqual(twoIds.slice(0, 5), [], 'a repeated call carries the same call id');
  const called = new Set(calls.map((call) => call.execution));
  const missing = executions.filter((e) => !called.has(e.name)).map((e) => e.name);
  assert.deepEqual(missing.slice(0, 10), [], 'every execution called its function');
  assert.equal(idsByAttempt.size, executions.length, 'one attempt per execution');
  const repeats = calls.length - idsByAttempt.size;
  assert.ok(repeats <= kills * CALLS_IN_FLIGHT, `${repeats} repeated calls for ${kills} kills`);
  return repeats;
}

/** The folders and arguments of a `serve` that keeps its state in `--data` across restarts. */
async function setUp(): Promise<{ args: string[]; callLog: string; remove(): Promise<void> }> {
  const data = await tempDir('chaos-data');
  const flows = await tempDir('chaos-flows');
  const functions = await tempDir('chaos-functions');
  await copyFile(`examples/flows/${SEED_FLOW_NAME}.yaml`, join(flows.path, `${SEED_FLOW_NAME}.yaml`));
  await writeFlows(flows.path, CHAOS_FLOWS);
  await mkdir(join(functions.path, 'fnf-demo'));
  await writeFile(join(functions.path, 'fnf-demo', 'echo.mjs'), LOGGING_ECHO);
  const port = await freePort();
  const args = ['--data', data.path, '--port', String(port), '--sqs-port', '0'];
  return {
    args: [...args, '--flows', flows.path, '--functions', functions.path],
    callLog: join(functions.path, 'calls.jsonl'),
    async remove() {
      for (const dir of [data, flows, functions]) await dir.remove();
    },
  };
}

/** Waits until `condition` holds (polling every 20 ms). */
function until(condition: () => boolean, what: string): Promise<true> {
  return eventually(async () => (condition() ? true : undefined), PHASE_TIMEOUT_MS, what);
}

/** `promise`, or a failure after `PHASE_TIMEOUT_MS`. */
async function withTimeout<T>(promise: Promise<T>, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), PHASE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What an execution must look like once ended: its status, output or error, and its task's outcome. */
interface Expected {
  status: string;
  output?: Record<string, unknown>;
  error?: string;
  cause?: string;
  outcome: string;
}

/** The expectation of one execution, from its kind and the answer its report got. */
function expectationOf(execution: Planned): Expected {
  const succeeded = { status: 'Succeeded', output: { s: execution.name }, outcome: 'TaskSucceeded' };
  const timedOut = {
    status: 'Failed',
    error: 'FnF.TaskTimeout',
    cause: `the task did not complete within ${TASK_TIMEOUT_S} seconds`,
    outcome: 'TaskTimedOut',
  };
  switch (execution.kind) {
    case 'succeed':
    case 'wait':
      return succeeded;
    case 'fail':
      return { status: 'Failed', error: 'Chaos.Failed', cause: execution.name, outcome: 'TaskFailed' };
    case 'timeout':
      return timedOut;
    case 'late':
      if (execution.answer?.status === 200) return succeeded;
      assert.deepEqual(
        [execution.answer?.status, execution.answer?.body.code],
        [400, 'TaskTimedOut'],
        'a late report is either applied or answered TaskTimedOut',
      );
      return timedOut;
  }
}

/** Checks one ended execution against its expectation; returns its problems. */
async function check(apiUrl: string, execution: Planned): Promise<void> {
  const ended = await waitForEnd(apiUrl, execution.flow, execution.name, 60_000);
  const events = await history(apiUrl, execution.flow, execution.name);
  assertGapFree(events, `Execution${String(ended.status)}`);
  assertWellFormedHistory(events as unknown as HistoryEvent[]);
  const expected = expectationOf(execution);
  assert.deepEqual(
    { status: ended.status, output: ended.output, error: ended.error, cause: ended.cause },
    { status: expected.status, output: expected.output, error: expected.error, cause: expected.cause },
  );
  assert.equal(ofType(events, 'TaskScheduled').length, 1, 'one task attempt');
  assert.equal(ofType(events, 'TaskSubmitted').length, 1, 'submitted once');
  const outcomes = events.filter((event) => /^Task(Succeeded|Failed|TimedOut)$/.test(event.type));
  assert.deepEqual(
    outcomes.map((event) => event.type),
    [expected.outcome],
    'exactly one outcome',
  );
  if (execution.kind === 'timeout') return;
  const outcome = outcomes[0] as EventView;
  if (expected.outcome === 'TaskTimedOut') return; // a late report answered TaskTimedOut (checked above)
  assert.deepEqual(
    execution.answer,
    { status: 200, body: { eventId: outcome.eventId } },
    'the report answer',
  );
}

/** Checks every execution (20 at a time) and that each flow has exactly its planned executions. */
async function checkAll(apiUrl: string, executions: readonly Planned[]): Promise<string[]> {
  const problems: string[] = [];
  const queue = [...executions];
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        try {
          await check(apiUrl, next);
        } catch (error) {
          problems.push(`${next.flow}/${next.name} (${next.kind}): ${(error as Error).message}`);
        }
      }
    }),
  );
  for (const flow of new Set(MIX.map((mix) => mix.flow))) {
    const listed = await call(apiUrl, 'GET', `/flows/${flow}/executions?limit=1000`);
    const views = listed.body.executions as { name: string }[];
    const names = views.map((e) => e.name).sort();
    const twice = views.filter((view) => views.filter((other) => other.name === view.name).length > 1);
    const planned = executions.filter((e) => e.flow === flow).map((e) => e.name);
    assert.deepEqual(names, planned.sort(), `the executions of ${flow}, once each: ${JSON.stringify(twice)}`);
  }
  return problems;
}

describe('chaos: flowback serve --data killed with SIGKILL three times under 500 executions', () => {
  it('every execution ends exactly once, as reported or timed out, with a gap-free history', async (t) => {
    const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    t.diagnostic(`CHAOS_SEED=${seed}`);
    const random = prng(seed);
    const setup = await setUp();
    let served: Served = await serve(setup.args);
    const executions = plan(random);
    const clients = new ChaosClients(served.apiUrl, executions);
    const running = clients.run();
    const kills: string[] = [];
    const killAndRestart = async (when: string): Promise<void> => {
      await end(served.child, 'SIGKILL');
      kills.push(`${when} (${clients.startsAnswered} starts, ${clients.reportsAnswered} reports answered)`);
      const began = Date.now();
      served = await serve(setup.args);
      t.diagnostic(`kill ${kills.length}: ${kills.at(-1)}; back in ${Date.now() - began} ms`);
      for (const line of served.stderr.filter((l) => /^(recovered|repaired)/.test(l)))
        t.diagnostic(`  ${line}`);
    };
    try {
      // 1. While executions are being started (and their functions called).
      const firstKill = 50 + Math.floor(random() * 250);
      await until(() => clients.startsAnswered >= firstKill, `${firstKill} starts`);
      await killAndRestart('while starting');

      // 2. While reports are being sent.
      const reportable = executions.filter((e) => e.kind === 'succeed' || e.kind === 'fail').length;
      const secondKill = Math.min(clients.reportsAnswered + 10 + Math.floor(random() * 100), reportable - 1);
      await until(() => clients.reportsAnswered >= secondKill, `${secondKill} reports`);
      await killAndRestart('while reporting');

      // 3. While task timeouts (and wait steps) are pending: between the first and the last deadline.
      const timed = executions.filter((e) => e.flow === 'timed');
      await until(() => timed.every((e) => e.startedAt !== undefined), 'every timed execution started');
      const starts = timed.map((e) => e.startedAt as number);
      const first = Math.min(...starts) + TASK_TIMEOUT_S * 1000;
      const last = Math.max(...starts) + TASK_TIMEOUT_S * 1000;
      const thirdKill = first + random() * (last - first);
      await until(() => Date.now() >= thirdKill, 'the third kill point');
      await killAndRestart('while timers are pending');

      await withTimeout(
        running,
        () => `clients not done; server log:\n${served.stderr.slice(-20).join('\n')}`,
      );
      const problems = await checkAll(served.apiUrl, executions);
      assert.deepEqual(clients.problems, [], 'no 5xx and no unexpected answer');
      assert.deepEqual(problems.slice(0, 10), [], `${problems.length} executions wrong`);
      assert.equal(kills.length, 3);
      const repeats = await checkCalls(setup.callLog, executions, kills.length);
      t.diagnostic(`calls repeated after a kill (in flight, same call id): ${repeats}`);
      const late = executions.filter((e) => e.kind === 'late');
      t.diagnostic(
        `late reports: ${late.filter((e) => e.answer?.status === 200).length} applied, ${late.filter((e) => e.answer?.status === 400).length} timed out`,
      );
      assert.equal(await end(served.child, 'SIGTERM'), 0, 'a SIGTERM still stops it cleanly');
    } finally {
      await end(served.child, 'SIGKILL');
      await setup.remove();
    }
  });
});
