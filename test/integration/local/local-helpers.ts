/**
 * Helpers of the local runtime's integration tests: plain HTTP calls to its API (as a user's curl
 * would make them), temp folders, waits, and the gap-free history check.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  type LocalRuntime,
  type LocalRuntimeOptions,
  startLocalRuntime,
} from '../../../lib/local/start-local-runtime.ts';

/** An answer: the status and the parsed JSON body. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Sends one request to the API; `body` is sent as JSON (a string as it is). */
export async function call(apiUrl: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** One history event as the API shows it. */
export interface EventView {
  eventId: number;
  type: string;
  stepName: string;
  scheduleEventId: number;
  detail: Record<string, unknown>;
}

/** The whole history of an execution (every page). */
export async function history(apiUrl: string, flow: string, execution: string): Promise<EventView[]> {
  const events = await historyIfExists(apiUrl, flow, execution);
  assert.ok(events !== undefined, `execution ${flow}/${execution} does not exist`);
  return events;
}

/** The whole history of an execution, or `undefined` while it does not exist (a child not started yet). */
export async function historyIfExists(
  apiUrl: string,
  flow: string,
  execution: string,
): Promise<EventView[] | undefined> {
  const events: EventView[] = [];
  let nextToken: string | undefined;
  do {
    const query = nextToken === undefined ? '' : `?nextToken=${encodeURIComponent(nextToken)}`;
    const answer = await call(apiUrl, 'GET', `/flows/${flow}/executions/${execution}/history${query}`);
    if (answer.status === 404 && answer.body.code === 'ExecutionNotExists') return undefined;
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    events.push(...(answer.body.events as EventView[]));
    nextToken = answer.body.nextToken as string | undefined;
  } while (nextToken !== undefined);
  return events;
}

/** Waits until `probe` gives a value (polling every 20 ms), failing after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The token of the execution's waiting task, once `TaskSubmitted` is in its history. */
export function waitForToken(
  apiUrl: string,
  flow: string,
  execution: string,
  timeoutMs = 10_000,
): Promise<string> {
  return eventually(
    async () => {
      const submitted = ((await historyIfExists(apiUrl, flow, execution)) ?? []).filter(
        (event) => event.type === 'TaskSubmitted',
      );
      return submitted.at(-1)?.detail.taskToken as string | undefined;
    },
    timeoutMs,
    `the task token of ${flow}/${execution}`,
  );
}

/** The execution once it has ended (DescribeExecution long polls), failing after `timeoutMs`. */
export function waitForEnd(
  apiUrl: string,
  flow: string,
  execution: string,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  return eventually(
    async () => {
      const answer = await call(apiUrl, 'GET', `/flows/${flow}/executions/${execution}?waitTimeSeconds=2`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.status === 'Running' ? undefined : answer.body;
    },
    timeoutMs,
    `the end of ${flow}/${execution}`,
  );
}

/**
 * Asserts event ids 1..n, `ExecutionStarted` first, exactly one terminal event (the last), and each
 * task attempt ended at most once (no duplicate transitions).
 */
export function assertGapFree(events: readonly EventView[], terminal: string): void {
  assert.deepEqual(
    events.map((event) => event.eventId),
    events.map((_, index) => index + 1),
    'event ids are 1..n',
  );
  assert.equal(events[0]?.type, 'ExecutionStarted', 'ExecutionStarted first');
  const terminals = events.filter((event) =>
    /^Execution(Succeeded|Failed|Stopped|TimedOut)$/.test(event.type),
  );
  assert.deepEqual(
    terminals.map((event) => event.type),
    [terminal],
  );
  assert.equal(events.at(-1)?.type, terminal);
  const scheduled = events.filter((event) => event.type === 'TaskScheduled').map((event) => event.eventId);
  const reported = events.filter((event) => /^Task(Succeeded|Failed|TimedOut)$/.test(event.type));
  for (const id of scheduled) {
    assert.ok(
      reported.filter((event) => event.scheduleEventId === id).length <= 1,
      `task ${id} ends at most once`,
    );
  }
}

/** A fresh temp folder, and its removal. */
export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `flowback-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Writes flow files (`name` → YAML text) into `dir`. */
export async function writeFlows(dir: string, flows: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(flows)) await writeFile(join(dir, `${name}.yaml`), text);
}

/** The seed example's flow. */
export const SEED_FLOW_NAME = 'fnf-demo-callback';

/** A flow that waits `seconds` and succeeds with its input. */
export function waitFlow(seconds: number): string {
  return [
    'version: v1',
    'type: flow',
    'steps:',
    '  - type: wait',
    '    name: pause',
    `    duration: ${seconds}`,
    '',
  ].join('\n');
}

/** Writes files (path relative to `dir` → text), creating their folders. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

/** A local runtime in memory over temp folders of flows (name → YAML) and functions (path → source). */
export async function startWithFiles(
  flows: Record<string, string>,
  functions: Record<string, string>,
  options: Partial<LocalRuntimeOptions> = {},
): Promise<LocalRuntime> {
  const flowsDir = await tempDir('flows');
  const functionsDir = await tempDir('functions');
  await writeFlows(flowsDir.path, flows);
  await writeFiles(functionsDir.path, functions);
  const local = await startLocalRuntime({
    port: 0,
    sqsPort: 0,
    dataDir: '',
    memory: true,
    flowsDir: flowsDir.path,
    functionsDir: functionsDir.path,
    sweepIntervalMs: 200,
    ...options,
  });
  return {
    ...local,
    async stop() {
      await local.stop();
      await flowsDir.remove();
      await functionsDir.remove();
    },
  };
}

/** Starts an execution over HTTP (201 expected) and returns its name. */
export async function startExecution(
  apiUrl: string,
  flow: string,
  executionName: string,
  input: Record<string, unknown> = {},
): Promise<string> {
  const started = await call(apiUrl, 'POST', `/flows/${flow}/executions`, { executionName, input });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  return executionName;
}

/** Waits for the end of an execution, checks its history is gap-free, and returns both. */
export async function endedWithHistory(
  apiUrl: string,
  flow: string,
  execution: string,
  timeoutMs = 20_000,
): Promise<{ execution: Record<string, unknown>; events: EventView[] }> {
  const ended = await waitForEnd(apiUrl, flow, execution, timeoutMs);
  const events = await history(apiUrl, flow, execution);
  assertGapFree(events, `Execution${String(ended.status)}`);
  return { execution: ended, events };
}

/** The events of `type` in `events`. */
export function ofType(events: readonly EventView[], type: string): EventView[] {
  return events.filter((event) => event.type === type);
}

/** A local runtime in memory with the shipped example functions (`examples/functions`), on free ports. */
export function startExampleRuntime(): Promise<LocalRuntime> {
  return startLocalRuntime({
    port: 0,
    sqsPort: 0,
    dataDir: '',
    memory: true,
    functionsDir: 'examples/functions',
    sweepIntervalMs: 200,
  });
}
