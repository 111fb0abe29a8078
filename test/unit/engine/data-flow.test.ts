import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../../lib/fdl/types.ts';
import {
  callback,
  echo,
  eventOf,
  flow,
  mappings,
  pass,
  run,
  task,
  thrower,
} from '../../support/engine-flows.ts';

/** A function that records the events it gets and answers `result`. */
function recorder(result: JsonObject = {}): { seen: JsonObject[]; fn: (event: JsonObject) => JsonObject } {
  const seen: JsonObject[] = [];
  return {
    seen,
    fn: (event) => {
      seen.push(event);
      return result;
    },
  };
}

describe('data flow: step inputs', () => {
  it('gives a step without inputMappings the parent input merged with the parent local (local wins)', () => {
    const probe = recorder();
    const r = run(
      flow([pass('p', { b: 'local', c: 'local' }), task('t', 'probe')]),
      { a: 'input', b: 'input' },
      { probe: probe.fn },
    );
    r.start();
    assert.deepEqual(probe.seen, [{ a: 'input', b: 'local', c: 'local' }]);
  });

  it('records on StepEntered what $input and $local read in its inputMappings, before they apply', () => {
    const definition = flow([
      task('t', 'echo', { inputMappings: mappings({ only: 'mapped' }) }),
      pass('p', undefined, { inputMappings: mappings({ x: 1 }) }),
    ]);
    const r = run(definition, { a: 1 }, { echo });
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepEntered', 't').detail, { input: { a: 1 }, local: {} });
    assert.deepEqual(eventOf(r.history, 'TaskScheduled', 't').detail.input, { only: 'mapped' });
    assert.deepEqual(eventOf(r.history, 'StepEntered', 'p').detail, {
      input: { a: 1 },
      local: { only: 'mapped' },
    });
  });

  it('shows a field an earlier step produced under local, where $local finds it and $input does not', () => {
    const definition = flow([
      pass('hello', { greeting: { name: 'Ada' } }),
      task('greet', 'probe', {
        inputMappings: mappings({ viaInput: '$input.greeting.name', viaLocal: '$local.greeting.name' }),
      }),
    ]);
    const probe = recorder();
    const r = run(definition, { lang: 'en' }, { probe: probe.fn });
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepEntered', 'greet').detail, {
      input: { lang: 'en' },
      local: { greeting: { name: 'Ada' } },
    });
    assert.deepEqual(
      probe.seen,
      [{ viaLocal: 'Ada' }],
      '$input.greeting finds nothing, as the history shows',
    );
  });

  it('records the scope of a nested step: its branch input and the branch local so far', () => {
    const definition = flow([
      pass('top', { t: 1 }),
      {
        type: 'parallel',
        name: 'par',
        branches: [{ steps: [pass('first', { f: 2 }), pass('second', { s: 3 })] }],
      },
    ]);
    const r = run(definition, { a: 0 });
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepEntered', 'par').detail, { input: { a: 0 }, local: { t: 1 } });
    assert.deepEqual(eventOf(r.history, 'StepEntered', 'second').detail, {
      input: { a: 0, t: 1 },
      local: { f: 2 },
    });
  });
});

describe('data flow: mapping sources', () => {
  it('reads $.x and $input.x as the same value of the "from" input', () => {
    const r = run(flow([pass('p', { viaDollar: '$.x.y', viaInput: '$input.x.y' })]), { x: { y: 42 } });
    r.start();
    assert.deepEqual(r.state.output, { viaDollar: 42, viaInput: 42 });
  });

  it('reads $local.x from the step local', () => {
    const r = run(
      flow([task('t', 'f', { outputMappings: mappings({ got: '$local.value' }) })]),
      {},
      { f: () => ({ value: 7 }) },
    );
    r.start();
    assert.deepEqual(r.state.output, { got: 7 });
  });

  it('treats a source that is not a $ string as a constant', () => {
    const constants = {
      n: 3.5,
      yes: true,
      no: false,
      s: 'plain text',
      arr: [1, 'two'],
      obj: { k: ['v'] },
      nil: null,
    };
    const r = run(flow([pass('p', constants)]));
    r.start();
    assert.deepEqual(r.state.output, constants);
  });

  it('leaves the target key absent when a path matches nothing (no null, no error)', () => {
    const r = run(flow([pass('p', { missing: '$.nope', deep: '$.a.b.c', present: '$.a' })]), { a: 1 });
    r.start();
    assert.equal(r.state.status, 'Succeeded');
    assert.deepEqual(r.state.output, { present: 1 });
    assert.equal(Object.hasOwn(r.state.output ?? {}, 'missing'), false);
  });

  it('always yields an array from a wildcard path, empty when nothing matches', () => {
    const r = run(flow([pass('p', { ns: '$.items[*].n', none: '$.absent[*]', one: '$.single[*]' })]), {
      items: [{ n: 1 }, { m: 0 }, { n: 3 }],
      single: [9],
    });
    r.start();
    assert.deepEqual(r.state.output, { ns: [1, 3], none: [], one: [9] });
  });

  it('builds nested objects for a dotted target', () => {
    const r = run(flow([pass('p', { 'a.b': 1, 'a.c.d': 'x', top: true })]));
    r.start();
    assert.deepEqual(r.state.output, { a: { b: 1, c: { d: 'x' } }, top: true });
  });
});

describe('data flow: step outputs', () => {
  it('uses the task local as its output when it has no outputMappings', () => {
    const r = run(flow([task('t', 'f')]), {}, { f: () => ({ result: [1, 2] }) });
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepExited', 't').detail.output, { result: [1, 2] });
  });

  it('gives a pass step without outputMappings an empty output', () => {
    const r = run(flow([pass('p')]), { a: 1 });
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepExited', 'p').detail.output, {});
    assert.deepEqual(r.state.output, {});
  });

  it('gives parallel and foreach steps without outputMappings an empty output', () => {
    const definition = flow([
      {
        type: 'parallel',
        name: 'par',
        branches: [{ steps: [pass('a', { a: 1 })] }, { steps: [pass('b', { b: 2 })] }],
      },
      {
        type: 'foreach',
        name: 'each',
        iterationMapping: { collection: '$.xs', item: 'x' },
        steps: [pass('c', { c: 3 })],
      },
    ]);
    const r = run(definition, { xs: [1, 2] });
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepExited', 'par').detail.output, {});
    assert.deepEqual(eventOf(r.history, 'StepExited', 'each').detail.output, {});
    assert.deepEqual(r.state.output, {});
  });

  it('merges each step output shallowly into the parent local, later steps winning', () => {
    const definition = flow([pass('first', { a: { x: 1 }, b: 1 }), pass('second', { a: { y: 2 }, c: 3 })]);
    const r = run(definition);
    r.start();
    assert.deepEqual(r.state.output, { a: { y: 2 }, b: 1, c: 3 });
  });

  it('lets a task outputMappings read its mapped input as $input', () => {
    const definition = flow([
      task('t', 'f', {
        inputMappings: mappings({ m: 'mapped' }),
        outputMappings: mappings({ fromInput: '$input.m', original: '$input.a', fromLocal: '$local.r' }),
      }),
    ]);
    const r = run(definition, { a: 'flow input' }, { f: () => ({ r: 'result' }) });
    r.start();
    assert.deepEqual(r.state.output, { fromInput: 'mapped', fromLocal: 'result' });
  });
});

describe('data flow: the flow', () => {
  it('maps the StartExecution input with the flow inputMappings ($input)', () => {
    const probe = recorder();
    const definition = flow([task('t', 'probe')], {
      inputMappings: mappings({ renamed: '$input.raw', fixed: 'k' }),
    });
    const r = run(definition, { raw: 'v', other: 1 }, { probe: probe.fn });
    r.start();
    assert.deepEqual(probe.seen, [{ renamed: 'v', fixed: 'k' }]);
    assert.deepEqual(eventOf(r.history, 'ExecutionStarted').detail.input, { raw: 'v', other: 1 });
  });

  it('builds the flow output with outputMappings over the flow input and the flow local', () => {
    const definition = flow([pass('p', { y: 'local' })], {
      inputMappings: mappings({ x: '$input.raw' }),
      outputMappings: mappings({ fromInput: '$input.x', fromLocal: '$local.y', raw: '$input.raw' }),
    });
    const r = run(definition, { raw: 'start' });
    r.start();
    assert.deepEqual(r.state.output, { fromInput: 'start', fromLocal: 'local' });
    assert.deepEqual(eventOf(r.history, 'ExecutionSucceeded').detail.output, r.state.output);
  });

  it('without outputMappings outputs the flow local, not the flow input', () => {
    const r = run(flow([pass('p', { b: 2 })]), { a: 1 });
    r.start();
    assert.deepEqual(r.state.output, { b: 2 });
  });
});

describe('data flow: the context object', () => {
  it('exposes the execution name and input, the flow name and the step name', () => {
    const probe = recorder();
    const definition = flow([
      task('named', 'probe', {
        inputMappings: mappings({
          execution: '$context.execution.name',
          input: '$context.execution.input',
          flowName: '$context.flow.name',
          step: '$context.step.name',
        }),
      }),
    ]);
    const r = run(definition, { a: 1 }, { probe: probe.fn });
    r.start();
    assert.deepEqual(probe.seen, [
      { execution: 'exec-1', input: { a: 1 }, flowName: 'test-flow', step: 'named' },
    ]);
  });

  it('counts retries in $context.step.retryCount', () => {
    const counts: unknown[] = [];
    const definition = flow([
      task('t', 'flaky', {
        inputMappings: mappings({ n: '$context.step.retryCount' }),
        retry: [{ errors: ['Flaky'], intervalSeconds: 1, maxAttempts: 5 }],
      }),
    ]);
    const r = run(
      definition,
      {},
      {
        flaky: (event) => {
          counts.push(event.n);
          if (counts.length < 3) thrower('Flaky')(event);
          return {};
        },
      },
    );
    r.start();
    r.advanceBy(10_000);
    assert.deepEqual(counts, [0, 1, 2]);
    assert.equal(r.state.status, 'Succeeded');
  });

  it('has $context.task.token only inside waitForCallback tasks', () => {
    const definition = flow([
      task('plain', 'probe', {
        inputMappings: mappings({ token: '$context.task.token', name: '$context.step.name' }),
      }),
      callback('cb', { inputMappings: mappings({ token: '$context.task.token' }) }),
    ]);
    const probe = recorder();
    const r = run(definition, {}, { probe: probe.fn });
    r.start();
    assert.deepEqual(probe.seen, [{ name: 'plain' }]);
    assert.deepEqual(eventOf(r.history, 'TaskScheduled', 'cb').detail.input, { token: 'token-1' });
  });
});
