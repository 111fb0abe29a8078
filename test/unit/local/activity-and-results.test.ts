/**
 * The pure parts of local functions and their logs: the activity lines `flowback serve` prints, how a
 * call's end on its thread becomes a flow result (error names and causes), and where a syntax error is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent } from '../../../lib/engine/types.ts';
import {
  callResultOf,
  LocalRuntimeStoppingError,
  locationIn,
} from '../../../lib/local/functions/call-results.ts';
import { headerLocation } from '../../../lib/local/functions/syntax-location.ts';
import { activityLine, clockTime } from '../../../lib/local/logs/activity.ts';

const KEY = { flowName: 'fnf-demo', executionName: 'exec-1' };
const TIME = '2026-05-02T15:04:05.123Z';

/** A history event. */
function event(
  type: HistoryEvent['type'],
  stepName: string,
  detail: HistoryEvent['detail'] = {},
): HistoryEvent {
  return { eventId: 5, type, stepName, time: TIME, scheduleEventId: 3, detail };
}

describe('activity lines', () => {
  const clock = clockTime(new Date(TIME));

  it('reads one line per event: time, flow/execution, type, step, and what failed', () => {
    assert.match(clock, /^\d\d:\d\d:\d\d\.123$/);
    assert.equal(
      activityLine({ kind: 'event', key: KEY, event: event('TaskSucceeded', 'approve') }, 'text'),
      `${clock} fnf-demo/exec-1 TaskSucceeded step=approve`,
    );
    assert.equal(
      activityLine({ kind: 'event', key: KEY, event: event('ExecutionStarted', '') }, 'text'),
      `${clock} fnf-demo/exec-1 ExecutionStarted`,
    );
    assert.equal(
      activityLine(
        {
          kind: 'event',
          key: KEY,
          event: event('TaskFailed', 'pay', { error: 'FC.FunctionTimeout', cause: 'did not "return"' }),
        },
        'text',
      ),
      `${clock} fnf-demo/exec-1 TaskFailed step=pay error=FC.FunctionTimeout cause="did not \\"return\\""`,
    );
  });

  it('never prints a task token', () => {
    const line = activityLine(
      {
        kind: 'event',
        key: KEY,
        event: event('TaskSubmitted', 'wait', { taskToken: 'SECRET', output: { taskToken: 'SECRET' } }),
      },
      'text',
    );
    assert.ok(!line.includes('SECRET'));
    assert.ok(
      !activityLine(
        { kind: 'event', key: KEY, event: event('TaskSubmitted', 'wait', { taskToken: 'SECRET' }) },
        'json',
      ).includes('SECRET'),
    );
  });

  it('prints a log line with its step and call id, a stack indented', () => {
    const entry = {
      executionKey: KEY,
      stepName: 'pay',
      callId: 'c1-abc-3',
      time: Date.parse(TIME),
      level: 'ERROR' as const,
      message: 'Boom: no\n    at handler (/f.js:1:2)',
    };
    assert.equal(
      activityLine({ kind: 'log', entry }, 'text'),
      `${clock} fnf-demo/exec-1 step=pay call=c1-abc-3 ERROR Boom: no\n        at handler (/f.js:1:2)`,
    );
    assert.deepEqual(JSON.parse(activityLine({ kind: 'log', entry }, 'json')), {
      kind: 'log',
      time: TIME,
      flowName: 'fnf-demo',
      executionName: 'exec-1',
      stepName: 'pay',
      callId: 'c1-abc-3',
      level: 'ERROR',
      message: entry.message,
    });
  });

  it('prints an event as JSON with its ids', () => {
    assert.deepEqual(
      JSON.parse(
        activityLine(
          { kind: 'event', key: KEY, event: event('StepFailed', 's', { error: 'E', cause: 'c' }) },
          'json',
        ),
      ),
      {
        kind: 'event',
        time: TIME,
        flowName: 'fnf-demo',
        executionName: 'exec-1',
        eventId: 5,
        type: 'StepFailed',
        stepName: 's',
        error: 'E',
        cause: 'c',
      },
    );
  });
});

describe('results of local function calls', () => {
  const names = { functionName: 'tools/f', file: '/fns/tools/f.js' };
  const thrown = (name: string, constructorName: string, errorType?: string) => ({
    name,
    constructorName,
    ...(errorType !== undefined ? { errorType } : {}),
    message: 'no',
    stack: `${name}: no\n    at handler (/fns/tools/f.js:3:9)\n    at run (file:///x/function-worker.mjs:9:1)\n    at node:internal/x:1:1`,
  });

  it('names a thrown error by errorType, its own name, or its class, and logs the function’s frames', () => {
    assert.deepEqual(callResultOf({ kind: 'threw', error: thrown('Error', 'OrderRejected') }, names), {
      result: { ok: false, error: 'OrderRejected', cause: 'no' },
      errorLog: 'OrderRejected: no\n    at handler (/fns/tools/f.js:3:9)',
    });
    assert.equal(
      callResultOf({ kind: 'threw', error: thrown('RangeError', 'RangeError') }, names).result.ok,
      false,
    );
    const typed = callResultOf(
      { kind: 'threw', error: thrown('Error', 'Error', 'Tools.Boom') },
      names,
    ).result;
    assert.deepEqual(typed, { ok: false, error: 'Tools.Boom', cause: 'no' });
  });

  it('maps what happened to the thread to FC errors whose cause says it', () => {
    const cases: [Parameters<typeof callResultOf>[0], string, RegExp][] = [
      [{ kind: 'timedOut', limit: 'function', ms: 3000 }, 'FC.FunctionTimeout', /did not return within 3 s/],
      [{ kind: 'timedOut', limit: 'load', ms: 30000 }, 'FC.FunctionTimeout', /did not load within 30 s/],
      [
        { kind: 'timedOut', limit: 'deadline', ms: 1500 },
        'FnF.TaskTimeout',
        /cut off after 1\.5 s at the task's deadline/,
      ],
      [
        { kind: 'crashed', exitCode: 7, whileLoading: false },
        'FC.FunctionCrashed',
        /exited with code 7 before it returned/,
      ],
      [
        { kind: 'crashed', error: thrown('TypeError', 'TypeError'), whileLoading: true },
        'FC.FunctionCrashed',
        /crashed while loading: uncaught TypeError: no \(at \/fns\/tools\/f\.js:3:9\)/,
      ],
      [{ kind: 'outOfMemory', limitMb: 64 }, 'FC.FunctionOutOfMemory', /heap limit is 64 MB/],
      [{ kind: 'noHandler' }, 'FC.FunctionNotFound', /exports no handler function/],
      [{ kind: 'notJson', message: 'cycle' }, 'FC.InvalidArgument', /result is not JSON: cycle/],
      [
        { kind: 'loadFailed', error: thrown('Error', 'Error') },
        'FC.InternalServerError',
        /^function 'tools\/f' cannot be loaded: \/fns\/tools\/f\.js:3:9: Error: no$/,
      ],
    ];
    for (const [outcome, error, cause] of cases) {
      const { result, errorLog } = callResultOf(outcome, names);
      assert.ok(!result.ok);
      assert.equal(result.error, error, outcome.kind);
      assert.match(result.cause, cause);
      assert.ok(errorLog?.startsWith(`${error}: ${result.cause}`));
    }
    assert.deepEqual(callResultOf({ kind: 'returned', json: '{"a":1}' }, names).result, {
      ok: true,
      output: { a: 1 },
    });
  });

  it('throws for a call cut off by a stop, so that its work item is redelivered', () => {
    assert.throws(() => callResultOf({ kind: 'stopped' }, names), LocalRuntimeStoppingError);
  });

  it('finds the place of an error in the function’s file, and of a syntax error in a CommonJS header', () => {
    assert.equal(
      locationIn('E\n    at x (file:///fns/tools/f.js:4:2)', '/fns/tools/f.js'),
      '/fns/tools/f.js:4:2',
    );
    assert.equal(locationIn('E\n    at x (/other.js:4:2)', '/fns/tools/f.js'), undefined);
    assert.equal(
      headerLocation('/fns/tools/f.js:2\n  return { x: 1;; };\n               ^\n\nSyntaxError: x'),
      '/fns/tools/f.js:2:16',
    );
    assert.equal(headerLocation('SyntaxError: x\n    at y'), undefined);
  });
});
