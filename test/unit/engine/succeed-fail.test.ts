import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { branch, entered, eventOf, flow, mappings, pass, run, trace } from '../../support/engine-flows.ts';

describe('succeed', () => {
  it('ends the flow, skipping the steps after it', () => {
    const r = run(
      flow([
        pass('a', { a: 1 }),
        { type: 'succeed', name: 'done', outputMappings: mappings({ d: 2 }) },
        pass('never'),
      ]),
    );
    r.start();
    assert.deepEqual(entered(r.history), ['a', 'done']);
    assert.deepEqual([r.state.status, r.state.output], ['Succeeded', { a: 1, d: 2 }]);
  });

  it('inside a parallel branch ends only that branch', () => {
    const definition = flow([
      {
        type: 'parallel',
        name: 'par',
        branches: [
          branch({ type: 'succeed', name: 'stop' }, pass('skipped')),
          branch(pass('runs', { ran: true })),
        ],
        outputMappings: mappings({ locals: '$local' }),
      },
      pass('after', { after: true }),
    ]);
    const r = run(definition);
    r.start();
    assert.deepEqual(entered(r.history), ['par', 'stop', 'runs', 'after']);
    assert.deepEqual(r.state.output, { locals: [{}, { ran: true }], after: true });
  });

  it('inside a foreach iteration ends only that iteration', () => {
    const definition = flow([
      {
        type: 'foreach',
        name: 'each',
        iterationMapping: { collection: '$.xs', item: 'x' },
        steps: [
          {
            type: 'choice',
            name: 'odd',
            choices: [{ condition: '$.x == 1', steps: [{ type: 'succeed', name: 'early' }] }],
          },
          pass('late', { late: true }),
        ],
        outputMappings: mappings({ locals: '$local' }),
      },
      pass('after', { after: true }),
    ]);
    const r = run(definition, { xs: [1, 2] });
    r.start();
    assert.deepEqual(r.state.output, { locals: [{}, { late: true }], after: true });
  });

  it('inside a choice branch ends the enclosing scope, skipping the steps after the choice', () => {
    const definition = flow([
      {
        type: 'choice',
        name: 'pick',
        choices: [
          {
            condition: 'true',
            steps: [pass('in', { in: 1 }), { type: 'succeed', name: 'done' }, pass('no')],
          },
        ],
      },
      pass('after'),
    ]);
    const r = run(definition);
    r.start();
    assert.deepEqual(entered(r.history), ['pick', 'in', 'done']);
    assert.deepEqual([r.state.status, r.state.output], ['Succeeded', { in: 1 }]);
    assert.deepEqual(
      trace(r.history, ['StepExited']).map(([, name]) => name),
      ['in', 'done', 'pick'],
    );
  });

  it('inside a choice inside a parallel branch ends only the branch', () => {
    const definition = flow([
      {
        type: 'parallel',
        name: 'par',
        branches: [
          branch(
            {
              type: 'choice',
              name: 'pick',
              choices: [{ condition: 'true', steps: [{ type: 'succeed', name: 'done' }] }],
            },
            pass('skipped'),
          ),
          branch(pass('other')),
        ],
      },
      pass('after', { after: true }),
    ]);
    const r = run(definition);
    r.start();
    assert.deepEqual(entered(r.history), ['par', 'pick', 'done', 'other', 'after']);
    assert.deepEqual(r.state.output, { after: true });
  });
});

describe('fail', () => {
  it('fails with FnF.Fail and an empty cause by default', () => {
    const r = run(flow([{ type: 'fail', name: 'boom' }, pass('never')]));
    r.start();
    assert.deepEqual(eventOf(r.history, 'StepFailed', 'boom').detail, { error: 'FnF.Fail', cause: '' });
    assert.deepEqual([r.state.status, r.state.error, r.state.cause], ['Failed', 'FnF.Fail', '']);
    assert.deepEqual(entered(r.history), ['boom']);
  });

  it('fails with its own error and cause', () => {
    const r = run(flow([{ type: 'fail', name: 'boom', error: 'Mine', cause: 'because' }]));
    r.start();
    assert.deepEqual(eventOf(r.history, 'ExecutionFailed').detail, { error: 'Mine', cause: 'because' });
  });

  it('propagates through the enclosing steps: each gets StepFailed, then the execution fails', () => {
    const definition = flow([
      {
        type: 'parallel',
        name: 'par',
        branches: [
          branch({
            type: 'choice',
            name: 'pick',
            choices: [{ condition: 'true', steps: [{ type: 'fail', name: 'boom', error: 'Deep' }] }],
          }),
        ],
      },
      pass('never'),
    ]);
    const r = run(definition);
    r.start();
    assert.deepEqual(trace(r.history, ['StepFailed', 'ExecutionFailed']), [
      ['StepFailed', 'boom'],
      ['StepFailed', 'pick'],
      ['StepFailed', 'par'],
      ['ExecutionFailed', ''],
    ]);
    assert.equal(r.state.error, 'Deep');
  });
});
