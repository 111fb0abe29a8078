import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { branch, entered, eventOf, flow, mappings, pass, run } from '../../support/engine-flows.ts';

describe('choice', () => {
  const definition = flow([
    {
      type: 'choice',
      name: 'pick',
      choices: [
        { condition: '$.n > 5', steps: [pass('big', { size: 'big' })], goto: 'final' },
        { condition: '$.n > 0', steps: [pass('positive', { size: 'positive' })] },
      ],
      default: { steps: [pass('other', { size: 'other' })], goto: 'final' },
    },
    pass('middle', { middle: true }),
    pass('final', { final: true }),
  ]);

  it('runs the steps of the first true option, then its goto', () => {
    const r = run(definition, { n: 10 });
    r.start();
    assert.deepEqual(entered(r.history), ['pick', 'big', 'final']);
    assert.deepEqual(r.state.output, { size: 'big', final: true });
  });

  it('continues after the choice when the chosen option has no goto', () => {
    const r = run(definition, { n: 3 });
    r.start();
    assert.deepEqual(entered(r.history), ['pick', 'positive', 'middle', 'final']);
  });

  it('runs the default when no condition holds', () => {
    const r = run(definition, { n: -1 });
    r.start();
    assert.deepEqual(entered(r.history), ['pick', 'other', 'final']);
  });

  it('continues after the choice when nothing matches and there is no default', () => {
    const noDefault = flow([
      { type: 'choice', name: 'pick', choices: [{ condition: '$.n == 1', steps: [pass('one')] }] },
      pass('after', { after: true }),
    ]);
    const r = run(noDefault, { n: 2 });
    r.start();
    assert.deepEqual(entered(r.history), ['pick', 'after']);
    assert.deepEqual(eventOf(r.history, 'StepExited', 'pick').detail.output, {});
    assert.equal(r.state.status, 'Succeeded');
  });

  it("uses the branch's result as the choice local and output", () => {
    const r = run(definition, { n: 3 });
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepExited', 'pick').detail.output, { size: 'positive' });
  });

  it('maps its output from its own input and its local', () => {
    const mapped = flow([
      {
        type: 'choice',
        name: 'pick',
        choices: [{ condition: 'true', steps: [pass('a', { v: 1 })] }],
        outputMappings: mappings({ fromLocal: '$local.v', fromInput: '$.n' }),
      },
    ]);
    const r = run(mapped, { n: 4 });
    r.start();
    assert.deepEqual(r.state.output, { fromLocal: 1, fromInput: 4 });
  });

  it('reads conditions from its input after its own inputMappings', () => {
    const mapped = flow([
      {
        type: 'choice',
        name: 'pick',
        inputMappings: mappings({ n: '$.raw' }),
        choices: [{ condition: '$.n == 1 && $input.raw == null', steps: [pass('yes', { hit: true })] }],
      },
    ]);
    const r = run(mapped, { raw: 1, n: 99 });
    r.start();
    assert.deepEqual(r.state.output, { hit: true });
  });

  it('reads a missing path in a condition as null', () => {
    const nulls = flow([
      {
        type: 'choice',
        name: 'pick',
        choices: [
          { condition: '$.missing != null', steps: [pass('wrong', { hit: 'wrong' })] },
          {
            condition: '$.missing == null && $.present.deep == null',
            steps: [pass('right', { hit: 'right' })],
          },
        ],
      },
    ]);
    const r = run(nulls, { present: 1 });
    r.start();
    assert.deepEqual(r.state.output, { hit: 'right' });
  });

  it('sees the outputs of earlier steps in its input', () => {
    const withLocal = flow([
      pass('set', { flag: 'on' }),
      {
        type: 'choice',
        name: 'pick',
        choices: [{ condition: '$.flag == "on"', steps: [pass('yes', { hit: true })] }],
      },
    ]);
    const r = run(withLocal, { flag: 'off' });
    r.start();
    assert.deepEqual(r.state.output, { flag: 'on', hit: true });
  });

  it('gives its branch steps its input', () => {
    const r = run(definition, { n: 3, extra: 'x' });
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepEntered', 'positive').detail.input, { n: 3, extra: 'x' });
  });
});

describe('end: true', () => {
  it('ends the flow sequence after the step', () => {
    const r = run(flow([pass('a', { a: 1 }, { end: true }), pass('b', { b: 2 })]));
    r.start();
    assert.deepEqual([entered(r.history), r.state.output], [['a'], { a: 1 }]);
  });

  it('ends only the enclosing sequence (a parallel branch), not the flow', () => {
    const definition = flow([
      { type: 'parallel', name: 'par', branches: [branch(pass('a', {}, { end: true }), pass('b'))] },
      pass('after'),
    ]);
    const r = run(definition);
    r.start();
    assert.deepEqual(entered(r.history), ['par', 'a', 'after']);
  });

  it('ends a choice branch, and the flow goes on after the choice', () => {
    const definition = flow([
      {
        type: 'choice',
        name: 'pick',
        choices: [{ condition: 'true', steps: [pass('a', {}, { end: true }), pass('b')] }],
      },
      pass('after'),
    ]);
    const r = run(definition);
    r.start();
    assert.deepEqual(entered(r.history), ['pick', 'a', 'after']);
  });
});
