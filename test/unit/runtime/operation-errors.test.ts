import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HTTP_STATUS_BY_CODE,
  MAX_DEFINITION_BYTES,
  MAX_PAYLOAD_BYTES,
  OperationError,
  toOperationError,
} from '../../../lib/runtime/index.ts';
import { createFlow, rejectsWith, SEED_FLOW, setup } from './runtime-helpers.ts';

const PASS_FLOW = `version: v1
type: flow
steps:
  - type: pass
    name: p
`;

describe('operation errors', () => {
  describe('flows', () => {
    it('InvalidArgument for a bad flow name or a missing definition', async () => {
      const { operations } = setup();
      await rejectsWith(operations.createFlow({ name: '1bad', definition: PASS_FLOW }), 'InvalidArgument');
      await rejectsWith(
        operations.createFlow({ name: 'x'.repeat(129), definition: PASS_FLOW }),
        'InvalidArgument',
      );
      await rejectsWith(operations.createFlow({ name: 42, definition: PASS_FLOW }), 'InvalidArgument');
      await rejectsWith(operations.createFlow({ name: 'ok' } as never), 'InvalidArgument');
      await rejectsWith(
        operations.createFlow({ name: 'ok', definition: PASS_FLOW, description: 7 }),
        'InvalidArgument',
      );
      assert.deepEqual((await operations.listFlows()).flows, []);
    });

    it('InvalidDefinition with every issue, and for a definition over 128 KiB', async () => {
      const { operations } = setup();
      const error = await rejectsWith(
        operations.createFlow({
          name: 'f',
          definition: 'version: v1\ntype: flow\nsteps:\n  - type: nope\n    name: a\n',
        }),
        'InvalidDefinition',
      );
      assert.ok((error.issues?.length ?? 0) >= 1);
      assert.ok(
        error.issues?.every((issue) => typeof issue.line === 'number' && typeof issue.path === 'string'),
      );
      const big = `${PASS_FLOW}# ${'x'.repeat(MAX_DEFINITION_BYTES)}\n`;
      const tooBig = await rejectsWith(
        operations.createFlow({ name: 'f', definition: big }),
        'InvalidDefinition',
      );
      assert.equal(tooBig.issues?.length, 1);
      await rejectsWith(operations.describeFlow({ name: 'f' }), 'FlowNotExists');
    });

    it('FlowAlreadyExists, FlowNotExists', async () => {
      const { operations } = setup();
      await operations.createFlow({ name: 'f', definition: PASS_FLOW });
      await rejectsWith(operations.createFlow({ name: 'f', definition: PASS_FLOW }), 'FlowAlreadyExists');
      await rejectsWith(operations.describeFlow({ name: 'g' }), 'FlowNotExists');
      await rejectsWith(operations.updateFlow({ name: 'g', description: 'x' }), 'FlowNotExists');
      await rejectsWith(operations.deleteFlow({ name: 'g' }), 'FlowNotExists');
      await rejectsWith(operations.updateFlow({ name: 'f', definition: 'steps: 3' }), 'InvalidDefinition');
    });

    it('ConcurrentUpdateError when an update keeps losing its race', async () => {
      const m = setup();
      await m.operations.createFlow({ name: 'f', definition: PASS_FLOW });
      m.stores.flows.faults.failNext('update', 'conflict', Number.POSITIVE_INFINITY);
      await rejectsWith(m.operations.updateFlow({ name: 'f', description: 'new' }), 'ConcurrentUpdateError');
      assert.equal((await m.operations.describeFlow({ name: 'f' })).description, '');
    });

    it('InvalidArgument for a bad limit or nextToken', async () => {
      const { operations } = setup();
      await rejectsWith(operations.listFlows({ limit: 0 }), 'InvalidArgument');
      await rejectsWith(operations.listFlows({ limit: 1001 }), 'InvalidArgument');
      await rejectsWith(operations.listFlows({ limit: 'ten' }), 'InvalidArgument');
      await rejectsWith(operations.listFlows({ nextToken: 'garbage' }), 'InvalidArgument');
    });
  });

  describe('executions', () => {
    it('FlowNotExists and InvalidArgument on StartExecution', async () => {
      const m = setup();
      await rejectsWith(m.operations.startExecution({ flowName: 'nope' }), 'FlowNotExists');
      await createFlow(m, 'f', SEED_FLOW);
      await rejectsWith(
        m.operations.startExecution({ flowName: 'f', executionName: 'bad name' }),
        'InvalidArgument',
      );
      await rejectsWith(m.operations.startExecution({ flowName: 'f', input: [1, 2] }), 'InvalidArgument');
      await rejectsWith(m.operations.startExecution({ flowName: 'f', input: '"text"' }), 'InvalidArgument');
      await rejectsWith(
        m.operations.startExecution({ flowName: 'f', input: '{not json' }),
        'InvalidArgument',
      );
      await rejectsWith(
        m.operations.startExecution({ flowName: 'f', callbackTaskToken: 'x'.repeat(1025) }),
        'InvalidArgument',
      );
      assert.deepEqual((await m.operations.listExecutions({ flowName: 'f' })).executions, []);
    });

    it('EntityTooLarge for an input over 256 KiB, starting nothing', async () => {
      const m = setup();
      await createFlow(m, 'f', SEED_FLOW);
      const input = { data: 'x'.repeat(MAX_PAYLOAD_BYTES) };
      await rejectsWith(
        m.operations.startExecution({ flowName: 'f', executionName: 'e', input }),
        'EntityTooLarge',
      );
      await rejectsWith(
        m.operations.describeExecution({ flowName: 'f', executionName: 'e' }),
        'ExecutionNotExists',
      );
    });

    it('ExecutionNotExists on describe, history and stop', async () => {
      const m = setup();
      await createFlow(m, 'f', SEED_FLOW);
      const key = { flowName: 'f', executionName: 'nope' };
      await rejectsWith(m.operations.describeExecution(key), 'ExecutionNotExists');
      await rejectsWith(m.operations.getExecutionHistory(key), 'ExecutionNotExists');
      await rejectsWith(m.operations.stopExecution(key), 'ExecutionNotExists');
    });

    it('InvalidArgument for bad waitTimeSeconds, status, limit, nextToken, stop error', async () => {
      const m = setup();
      await createFlow(m, 'f', SEED_FLOW);
      await m.operations.startExecution({ flowName: 'f', executionName: 'e' });
      const key = { flowName: 'f', executionName: 'e' };
      await rejectsWith(m.operations.describeExecution({ ...key, waitTimeSeconds: 21 }), 'InvalidArgument');
      await rejectsWith(m.operations.describeExecution({ ...key, waitTimeSeconds: 1.5 }), 'InvalidArgument');
      await rejectsWith(m.operations.listExecutions({ flowName: 'f', status: 'Done' }), 'InvalidArgument');
      await rejectsWith(m.operations.getExecutionHistory({ ...key, limit: 0 }), 'InvalidArgument');
      await rejectsWith(
        m.operations.getExecutionHistory({ ...key, nextToken: 'eyJ4IjoxfQ' }),
        'InvalidArgument',
      );
      await rejectsWith(m.operations.stopExecution({ ...key, error: 'e'.repeat(129) }), 'InvalidArgument');
      await rejectsWith(m.operations.stopExecution({ ...key, cause: 'c'.repeat(4097) }), 'InvalidArgument');
      await rejectsWith(m.operations.listExecutions({ flowName: 'nope' }), 'FlowNotExists');
    });

    it('ExecutionAlreadyExists for the name of a finished execution; ConcurrentUpdateError for a stop that keeps losing', async () => {
      const m = setup({ maxApplyAttempts: 2 });
      await createFlow(m, 'p', PASS_FLOW);
      await m.operations.startExecution({ flowName: 'p', executionName: 'e' });
      await rejectsWith(
        m.operations.startExecution({ flowName: 'p', executionName: 'e' }),
        'ExecutionAlreadyExists',
      );
      await createFlow(m, 'f', SEED_FLOW);
      await m.operations.startExecution({ flowName: 'f', executionName: 'e' });
      m.stores.executions.faults.failNext('commit', 'conflict', 2);
      await rejectsWith(
        m.operations.stopExecution({ flowName: 'f', executionName: 'e' }),
        'ConcurrentUpdateError',
      );
      assert.equal(
        (await m.operations.describeExecution({ flowName: 'f', executionName: 'e' })).status,
        'Running',
      );
    });
  });

  describe('reports', () => {
    it('InvalidArgument for a malformed request, checked before the token is looked up', async () => {
      const { operations } = setup();
      await rejectsWith(operations.reportTaskSucceeded({ taskToken: '', output: {} }), 'InvalidArgument');
      await rejectsWith(
        operations.reportTaskSucceeded({ taskToken: 'x'.repeat(1025), output: {} }),
        'InvalidArgument',
      );
      await rejectsWith(operations.reportTaskSucceeded({ taskToken: 5, output: {} }), 'InvalidArgument');
      await rejectsWith(
        operations.reportTaskSucceeded({ taskToken: 'unknown', output: undefined }),
        'InvalidArgument',
      );
      await rejectsWith(
        operations.reportTaskSucceeded({ taskToken: 'unknown', output: '[1]' }),
        'InvalidArgument',
      );
      await rejectsWith(
        operations.reportTaskSucceeded({ taskToken: 'unknown', output: 'null' }),
        'InvalidArgument',
      );
      await rejectsWith(operations.reportTaskFailed({ taskToken: 'unknown', error: '' }), 'InvalidArgument');
      await rejectsWith(
        operations.reportTaskFailed({ taskToken: 'unknown', error: 'e'.repeat(129) }),
        'InvalidArgument',
      );
      await rejectsWith(
        operations.reportTaskFailed({ taskToken: 'unknown', error: 'E', cause: 'c'.repeat(4097) }),
        'InvalidArgument',
      );
      await rejectsWith(operations.reportTaskHeartbeat({ taskToken: undefined }), 'InvalidArgument');
    });

    it('EntityTooLarge before TaskNotExists', async () => {
      const { operations } = setup();
      const output = { data: 'x'.repeat(MAX_PAYLOAD_BYTES) };
      await rejectsWith(operations.reportTaskSucceeded({ taskToken: 'unknown', output }), 'EntityTooLarge');
      await rejectsWith(
        operations.reportTaskSucceeded({ taskToken: 'unknown', output: {} }),
        'TaskNotExists',
      );
    });
  });

  describe('the error type', () => {
    it('maps every code to its HTTP status', () => {
      const expected = {
        InvalidArgument: 400,
        EntityTooLarge: 400,
        InvalidDefinition: 400,
        FlowNotExists: 404,
        ExecutionNotExists: 404,
        TaskNotExists: 404,
        FlowAlreadyExists: 409,
        ExecutionAlreadyExists: 400,
        ExecutionAlreadyCompleted: 400,
        TaskAlreadyCompleted: 400,
        TaskTimedOut: 400,
        TaskInvalidState: 409,
        ConcurrentUpdateError: 409,
        InternalServerError: 500,
      } as const;
      for (const [code, status] of Object.entries(expected)) {
        assert.equal(HTTP_STATUS_BY_CODE[code as keyof typeof expected], status, code);
      }
      assert.equal(new OperationError('TaskNotExists', 'x').status, 404);
    });

    it('turns unexpected errors into InternalServerError', () => {
      const error = toOperationError(new Error('disk on fire'));
      assert.equal(error.code, 'InternalServerError');
      assert.equal(error.status, 500);
      const known = new OperationError('TaskTimedOut', 'late');
      assert.equal(toOperationError(known), known);
    });
  });
});
