import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseFlow } from '../../../lib/fdl/index.ts';
import { definitionOf } from './flow-test-helpers.ts';

/** The example flows from the original's documentation, copied into the repository's fixtures. */
const EXAMPLES = new URL('../../fixtures/examples/', import.meta.url);

function example(name: string): string {
  return readFileSync(new URL(name, EXAMPLES), 'utf8');
}

describe('example flows from the original documentation', () => {
  it('pass_constant: a pass step with a constant array source', () => {
    const definition = definitionOf(example('pass_constant.yaml'));
    assert.deepEqual(definition, {
      version: 'v1',
      type: 'flow',
      steps: [
        {
          type: 'pass',
          name: 'toUpperCase',
          position: { line: 9, column: 5 },
          end: false,
          outputMappings: [{ target: 'names', source: ['A', 'B', 'C'] }],
        },
      ],
    });
  });

  it('foreach_names: iterationMapping without index and a nested task', () => {
    const [step] = definitionOf(example('foreach_names.yaml')).steps;
    assert.equal(step?.type, 'foreach');
    if (step?.type !== 'foreach') return;
    assert.deepEqual(step.iterationMapping, { collection: '$.names', item: 'name' });
    assert.equal(step.steps[0]?.type, 'task');
    assert.deepEqual(step.outputMappings, [{ target: 'names', source: '$local[*].name' }]);
    const task = step.steps[0];
    if (task?.type !== 'task') return;
    assert.deepEqual(task.resource, {
      kind: 'function',
      arn: 'acs:fc:::services/fnf_test/functions/toUpperCase',
      service: 'fnf_test',
      functionName: 'toUpperCase',
    });
    assert.equal(task.pattern, 'requestResponse');
    assert.deepEqual(task.retry, []);
    assert.deepEqual(task.catch, []);
    assert.equal('timeoutSeconds' in task, false);
  });

  it('parallel_outputs: two branches with one pass step each', () => {
    const [step] = definitionOf(example('parallel_outputs.yaml')).steps;
    assert.equal(step?.type, 'parallel');
    if (step?.type !== 'parallel') return;
    assert.deepEqual(
      step.branches.map((branch) => branch.steps.map((s) => s.name)),
      [['pass1'], ['pass2']],
    );
    assert.deepEqual(step.branches[1]?.steps[0]?.outputMappings, [{ target: 'result', source: 'pass2' }]);
  });

  it('retry_and_catch: retry policy, errorMappings and a catch goto to a sibling', () => {
    const [task, final] = definitionOf(example('retry_and_catch.yaml')).steps;
    assert.equal(task?.type, 'task');
    if (task?.type !== 'task') return;
    assert.deepEqual(task.retry, [
      { errors: ['FnF.ALL'], intervalSeconds: 10, maxIntervalSeconds: 300, maxAttempts: 3, multiplier: 2 },
    ]);
    assert.deepEqual(task.catch, [{ errors: ['FnF.ALL'], goto: 'final' }]);
    assert.deepEqual(task.errorMappings, [
      { target: 'errMsg', source: '$local.cause' },
      { target: 'errCode', source: '$local.error' },
    ]);
    assert.deepEqual(final, { type: 'pass', name: 'final', position: { line: 31, column: 5 }, end: false });
  });

  it('sequential_mapping: v1beta1 with region and account in the ARNs and a literal source', () => {
    const definition = definitionOf(example('sequential_mapping.yaml'));
    assert.equal(definition.version, 'v1beta1');
    const [getContent, encrypt] = definition.steps;
    if (getContent?.type !== 'task' || encrypt?.type !== 'task') assert.fail('expected two tasks');
    assert.deepEqual(getContent.resource, {
      kind: 'function',
      arn: 'acs:fc:cn-shenzhen:1489268165805041:services/HelloWorld/functions/echo',
      service: 'HelloWorld',
      functionName: 'echo',
      region: 'cn-shenzhen',
      account: '1489268165805041',
    });
    assert.deepEqual(encrypt.inputMappings, [
      { target: 'message', source: '$local.message' },
      { target: 'envKey', source: 'password' },
    ]);
  });

  it('wait_for_callback: pattern and the context token source', () => {
    const [task] = definitionOf(example('wait_for_callback.yaml')).steps;
    if (task?.type !== 'task') assert.fail('expected a task');
    assert.equal(task.pattern, 'waitForCallback');
    assert.deepEqual(task.inputMappings, [{ target: 'taskToken', source: '$context.task.token' }]);
    assert.deepEqual(task.position, { line: 11, column: 5 });
  });

  it('every example in the folder is valid', () => {
    const names = [
      'foreach_names',
      'parallel_outputs',
      'pass_constant',
      'retry_and_catch',
      'sequential_mapping',
      'wait_for_callback',
    ];
    for (const name of names) assert.equal(parseFlow(example(`${name}.yaml`)).ok, true, name);
  });
});
