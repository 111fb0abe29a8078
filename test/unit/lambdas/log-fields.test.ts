/**
 * On AWS the handlers' Powertools logs carry the fields the local runtime's logs carry
 * (`flowName`, `executionName`, `stepName`, `callId`), so that one CloudWatch Logs Insights query
 * (README "Logs") finds everything about an execution.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathFields } from '../../../lib/handlers/api-handler.ts';
import { workItemFields } from '../../../lib/handlers/worker-handler.ts';
import type { WorkItem } from '../../../lib/ports/dispatcher.ts';

const executionKey = { flowName: 'orders', executionName: 'o-1' };

describe('log fields of the Lambda handlers', () => {
  it('name a resource call’s execution, step and call id', () => {
    const item: WorkItem = {
      type: 'CallResource',
      id: 'w1',
      executionKey,
      command: {
        type: 'CallResource',
        scheduleEventId: 3,
        stepName: 'charge',
        resource: {
          kind: 'function',
          arn: 'acs:fc:::services/pay/functions/charge',
          service: 'pay',
          functionName: 'charge',
        },
        pattern: 'requestResponse',
        input: {},
        callId: 'c1-0123456789abc-3',
      },
    };
    assert.deepEqual(workItemFields(item), {
      flowName: 'orders',
      executionName: 'o-1',
      workItem: 'CallResource',
      stepName: 'charge',
      callId: 'c1-0123456789abc-3',
      scheduleEventId: 3,
    });
    assert.deepEqual(workItemFields({ type: 'FlushOutbox', id: 'w2', executionKey }), {
      flowName: 'orders',
      executionName: 'o-1',
      workItem: 'FlushOutbox',
    });
  });

  it('name the flow and execution of an API request’s path', () => {
    assert.deepEqual(pathFields('/flows/orders/executions/o-1/history'), executionKey);
    assert.deepEqual(pathFields('/flows/orders'), { flowName: 'orders' });
    assert.deepEqual(pathFields('/tasks/succeeded'), {});
  });
});
