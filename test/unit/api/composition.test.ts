import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeAws, readEnvironment } from '../../../lambdas/composition.ts';

const ENV = {
  FLOWBACK_EXECUTIONS_TABLE: 'exec',
  FLOWBACK_TOKENS_TABLE: 'tok',
  FLOWBACK_FLOWS_TABLE: 'flo',
  FLOWBACK_WORK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/work',
  FLOWBACK_TIMER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/timers',
};

describe('lambdas/composition: the environment', () => {
  it('reads the tables and queues; the function map and retention are optional', () => {
    assert.deepEqual(readEnvironment(ENV), {
      tables: { executions: 'exec', tokens: 'tok', flows: 'flo' },
      queues: { work: ENV.FLOWBACK_WORK_QUEUE_URL, timers: ENV.FLOWBACK_TIMER_QUEUE_URL },
    });
    const full = readEnvironment({
      ...ENV,
      FLOWBACK_FUNCTION_MAP: '{"fnf-demo/echo":"arn:aws:lambda:us-east-1:000000000000:function:echo"}',
      FLOWBACK_RETENTION_DAYS: '30',
    });
    assert.deepEqual(full.functionMap, {
      'fnf-demo/echo': 'arn:aws:lambda:us-east-1:000000000000:function:echo',
    });
    assert.equal(full.retentionDays, 30);
  });

  it('reads the function map bundled with the code (FLOWBACK_FUNCTION_MAP_FILE) and merges the variable over it', () => {
    const read: string[] = [];
    const files: Record<string, string> = {
      '/var/task/function-map.json': '{"fnf-demo/echo":"fnf-demo-echo","billing/charge":"old"}',
    };
    const environment = readEnvironment(
      {
        ...ENV,
        LAMBDA_TASK_ROOT: '/var/task',
        FLOWBACK_FUNCTION_MAP_FILE: 'function-map.json',
        FLOWBACK_FUNCTION_MAP: '{"billing/charge":"arn:aws:lambda:us-east-1:000000000000:function:Charge1"}',
      },
      (path) => {
        read.push(path);
        const text = files[path];
        if (text === undefined) throw new Error('ENOENT');
        return text;
      },
    );
    assert.deepEqual(read, ['/var/task/function-map.json']);
    assert.deepEqual(environment.functionMap, {
      'fnf-demo/echo': 'fnf-demo-echo',
      'billing/charge': 'arn:aws:lambda:us-east-1:000000000000:function:Charge1',
    });
    assert.throws(
      () =>
        readEnvironment(
          { ...ENV, LAMBDA_TASK_ROOT: '/x', FLOWBACK_FUNCTION_MAP_FILE: 'function-map.json' },
          () => {
            throw new Error('ENOENT: no such file');
          },
        ),
      /FLOWBACK_FUNCTION_MAP_FILE: cannot read \/x\/function-map.json: ENOENT/,
    );
  });

  it('lists every missing or invalid variable at once', () => {
    assert.throws(
      () =>
        readEnvironment({
          FLOWBACK_EXECUTIONS_TABLE: 'exec',
          FLOWBACK_FUNCTION_MAP: '["x"]',
          FLOWBACK_RETENTION_DAYS: '-1',
        }),
      (error: Error) =>
        /FLOWBACK_TOKENS_TABLE is not set/.test(error.message) &&
        /FLOWBACK_FLOWS_TABLE is not set/.test(error.message) &&
        /FLOWBACK_WORK_QUEUE_URL is not set/.test(error.message) &&
        /FLOWBACK_TIMER_QUEUE_URL is not set/.test(error.message) &&
        /FLOWBACK_FUNCTION_MAP must be a JSON object of strings/.test(error.message) &&
        /FLOWBACK_RETENTION_DAYS must be a positive number/.test(error.message),
    );
  });

  it('composes a runtime and its operations without touching the network', () => {
    const composed = composeAws(readEnvironment(ENV));
    assert.equal(typeof composed.operations.startExecution, 'function');
    assert.equal(typeof composed.runtime.handleWorkItem, 'function');
  });
});
