/**
 * Helpers for the engine's spec tests: compact flow definitions written as plain objects (JSON is
 * valid YAML, so they go through the real parser), and checks of the history's invariants.
 */
import assert from 'node:assert/strict';
import type { HistoryEvent } from '../../lib/engine/types.ts';
import type { FlowDefinition, Json, JsonObject } from '../../lib/fdl/types.ts';
import { definitionOf, Harness, type TestFunction } from './engine-harness.ts';

/** The ARN of test function `name` (service `svc`); local functions are keyed `svc/<name>`. */
export function fnArn(name: string): string {
  return `acs:fc:::services/svc/functions/${name}`;
}

/** An MNS queue ARN. */
export const QUEUE_ARN = 'acs:mns:::/queues/jobs/messages';

/** The ARN of child flow `name`. */
export function childArn(name: string): string {
  return `acs:fnf:::flow/${name}`;
}

/** A flow definition from its steps (and flow-level fields such as mappings or `timeoutSeconds`). */
export function flow(steps: JsonObject[], extra: JsonObject = {}): FlowDefinition {
  return definitionOf(JSON.stringify({ version: 'v1', type: 'flow', ...extra, steps }));
}

/** A task step calling test function `fn`. */
export function task(name: string, fn: string, more: JsonObject = {}): JsonObject {
  return { type: 'task', name, resourceArn: fnArn(fn), ...more };
}

/** A waitForCallback task on test function `fn` (no local function answers it unless given). */
export function callback(name: string, more: JsonObject = {}, fn = 'worker'): JsonObject {
  return { type: 'task', name, resourceArn: fnArn(fn), pattern: 'waitForCallback', ...more };
}

/** A pass step, optionally with a constant output. */
export function pass(name: string, output?: JsonObject, more: JsonObject = {}): JsonObject {
  const outputMappings = output
    ? Object.entries(output).map(([target, source]) => ({ target, source }))
    : undefined;
  return { type: 'pass', name, ...(outputMappings ? { outputMappings } : {}), ...more };
}

/** Mappings from `{target: source}`. */
export function mappings(pairs: Record<string, Json>): JsonObject[] {
  return Object.entries(pairs).map(([target, source]) => ({ target, source }));
}

/** A function that returns its event (the `echo` of the examples). */
export const echo: TestFunction = (event) => event;

/** A function that throws an error named `name` with message `message`. */
export function thrower(name: string, message = `${name} happened`): TestFunction {
  return () => {
    const error = new Error(message);
    error.name = name;
    throw error;
  };
}

/** A harness for `definition` with local functions keyed by bare name (service `svc`). */
export function run(
  definition: FlowDefinition,
  input: JsonObject = {},
  functions: Record<string, TestFunction> = {},
): Harness {
  const keyed = Object.fromEntries(Object.entries(functions).map(([name, fn]) => [`svc/${name}`, fn]));
  return new Harness(definition, input, { functions: keyed });
}

const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionStopped']);

/**
 * Asserts the history's invariants: ids 1..n without gaps, `ExecutionStarted` first, exactly one
 * terminal event and only as the last one (when the execution has ended), and every `StepEntered`
 * closed by one `StepExited`/`StepFailed` of the same step — except the steps in `open` (still
 * running or cancelled), which must have none.
 */
export function assertWellFormedHistory(
  history: HistoryEvent[],
  options: { ended?: boolean; open?: string[] } = {},
): void {
  assert.deepEqual(
    history.map((event) => event.eventId),
    history.map((_, i) => i + 1),
    'event ids are 1..n without gaps',
  );
  assert.equal(history[0]?.type, 'ExecutionStarted');
  const terminals = history.filter((event) => TERMINAL.has(event.type));
  if (options.ended ?? true) {
    assert.equal(terminals.length, 1, 'exactly one terminal event');
    assert.ok(TERMINAL.has(history.at(-1)?.type ?? ''), 'the terminal event is the last one');
  } else {
    assert.equal(terminals.length, 0, 'no terminal event while running');
  }
  const stillOpen = new Map<string, number>();
  for (const event of history) {
    if (event.type === 'StepEntered') stillOpen.set(event.stepName, (stillOpen.get(event.stepName) ?? 0) + 1);
    if (event.type === 'StepExited' || event.type === 'StepFailed') {
      const count = stillOpen.get(event.stepName) ?? 0;
      assert.ok(count > 0, `${event.type} ${event.eventId} closes a step that was entered`);
      stillOpen.set(event.stepName, count - 1);
    }
  }
  const unclosed = [...stillOpen.entries()].filter(([, count]) => count > 0).map(([name]) => name);
  assert.deepEqual(unclosed.sort(), [...(options.open ?? [])].sort(), 'steps entered and never closed');
}

/** Names of the steps entered, in order. */
export function entered(history: HistoryEvent[]): string[] {
  return history.filter((e) => e.type === 'StepEntered').map((e) => e.stepName);
}

/** A parallel branch (or choice option body) of `steps`. */
export function branch(...steps: JsonObject[]): { steps: JsonObject[] } {
  return { steps };
}

/** The events of `types` (all when omitted) as `[type, stepName]` pairs. */
export function trace(history: HistoryEvent[], types?: string[]): [string, string][] {
  return history.filter((e) => !types || types.includes(e.type)).map((e) => [e.type, e.stepName]);
}

/** The first event of `type` (and `stepName`), or a test failure. */
export function eventOf(history: HistoryEvent[], type: string, stepName?: string): HistoryEvent {
  const found = history.find((e) => e.type === type && (stepName === undefined || e.stepName === stepName));
  assert.ok(found, `no ${type}${stepName ? ` for ${stepName}` : ''} in the history`);
  return found;
}

/** Freezes a value and everything below it (to prove that a function does not mutate it). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
