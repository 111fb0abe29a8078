import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type FnF from '@alicloud/fnf-2019-03-15';
import { type LocalRuntime, startLocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { SEED_FLOW_NAME, tempDir } from '../local/local-helpers.ts';
import { ACCESS_KEY, ended, sdk, sdkError, tokenOf } from './rpc-helpers.ts';

const CHILD_FLOW = `version: v1
type: flow
steps:
  - type: pass
    name: answer
    outputMappings:
      - target: status
        source: from the child
      - target: asked
        source: $input.question
`;

const FAILING_CHILD = `version: v1
type: flow
steps:
  - type: fail
    name: refuse
    error: Child.Refused
    cause: no way
`;

describe('the official SDK (@alicloud/fnf-2019-03-15), signed with a configured key, drives every action', () => {
  let local: LocalRuntime;
  let client: FnF;
  const dirs: { remove(): Promise<void> }[] = [];

  before(async () => {
    const flows = await tempDir('rpc-flows');
    dirs.push(flows);
    await copyFile(`examples/flows/${SEED_FLOW_NAME}.yaml`, join(flows.path, `${SEED_FLOW_NAME}.yaml`));
    local = await startLocalRuntime({
      port: 0,
      sqsPort: 0,
      dataDir: '',
      memory: true,
      flowsDir: flows.path,
      functionsDir: 'examples/functions',
      accessKeys: [ACCESS_KEY, { id: 'otherAK', secret: 'otherSecret' }],
      sweepIntervalMs: 200,
    });
    client = sdk(local.apiUrl);
  });

  after(async () => {
    await local?.stop();
    for (const dir of dirs) await dir.remove();
  });

  it('CreateFlow, DescribeFlow, UpdateFlow, ListFlows (paged), with the original’s flow shape', async () => {
    const created = await client.createFlow({
      Name: 'child_flow',
      Definition: CHILD_FLOW,
      Description: 'answers',
      Type: 'FDL',
    });
    assert.equal(typeof created.RequestId, 'string');
    assert.deepEqual(
      { ...created, RequestId: '', Id: '', CreatedTime: '', LastModifiedTime: '' },
      {
        RequestId: '',
        Name: 'child_flow',
        Description: 'answers',
        Definition: CHILD_FLOW,
        Type: 'FDL',
        RoleArn: '',
        Id: '',
        CreatedTime: '',
        LastModifiedTime: '',
        ExecutionMode: 'Standard',
        ExternalStorageLocation: '',
      },
    );
    assert.match(String(created.Id), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(String(created.CreatedTime), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const described = await client.describeFlow({ Name: 'child_flow' });
    assert.equal(described.Id, created.Id, 'a stable id');
    const updated = await client.updateFlow({ Name: 'child_flow', Description: 'answers questions' });
    assert.equal(updated.Description, 'answers questions');
    assert.equal(updated.Definition, CHILD_FLOW);

    await client.createFlow({
      Name: 'failing_child',
      Definition: FAILING_CHILD,
      Description: '',
      Type: 'FDL',
    });
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.listFlows({ Limit: 1, ...(NextToken !== undefined ? { NextToken } : {}) });
      assert.equal((page.Flows as unknown[]).length, 1);
      names.push(...(page.Flows as { Name: string }[]).map((flow) => flow.Name));
      NextToken = page.NextToken as string | undefined;
      assert.ok(NextToken === undefined || typeof NextToken === 'string');
    } while (NextToken !== undefined);
    assert.deepEqual(names.sort(), ['child_flow', 'failing_child', SEED_FLOW_NAME].sort());
  });

  it('answers the original’s error codes: FlowAlreadyExists, FlowNotExists, InvalidArgument, ActionNotSupported', async () => {
    const exists = await sdkError(
      client.createFlow({ Name: 'child_flow', Definition: CHILD_FLOW, Description: '', Type: 'FDL' }),
    );
    assert.equal(exists.code, 'FlowAlreadyExists');
    assert.equal(exists.name, 'FlowAlreadyExistsError');
    assert.equal(typeof exists.data.RequestId, 'string');
    assert.equal((await sdkError(client.describeFlow({ Name: 'nope' }))).code, 'FlowNotExists');
    const invalid = await sdkError(
      client.createFlow({
        Name: 'broken',
        Definition: 'version: v1\ntype: flow\nsteps: 3\n',
        Description: '',
        Type: 'FDL',
      }),
    );
    assert.equal(invalid.code, 'InvalidArgument');
    assert.match(invalid.data.Message ?? '', /steps/);
    const express = await sdkError(
      client.createFlow({
        Name: 'fast',
        Definition: CHILD_FLOW,
        Description: '',
        Type: 'FDL',
        ExecutionMode: 'Express',
      }),
    );
    assert.equal(express.code, 'InvalidArgument');
    const schedule = await sdkError(
      client.createSchedule({ FlowName: 'x', ScheduleName: 'y', CronExpression: '0 * * * * *' }),
    );
    assert.equal(schedule.code, 'ActionNotSupported');
    const missing = await sdkError(client.request('DescribeExecution', { FlowName: 'child_flow' }));
    assert.equal(missing.code, 'MissingRequiredParams');
  });

  it('StartExecution (string Input), DescribeExecution (long poll), ListExecutions, GetExecutionHistory (paged)', async () => {
    const started = await client.startExecution({
      FlowName: 'child_flow',
      ExecutionName: 'run1',
      Input: JSON.stringify({ question: 'why' }),
    });
    assert.equal(started.Name, 'run1');
    assert.equal(started.FlowName, 'child_flow');
    assert.equal(started.FlowDefinition, CHILD_FLOW);
    assert.equal(started.Input, '{"question":"why"}');
    // A pass-only flow may already have ended when StartExecution answers.
    assert.ok(['Running', 'Succeeded'].includes(String(started.Status)));

    const done = await ended(client, 'child_flow', 'run1');
    assert.equal(done.Status, 'Succeeded');
    assert.deepEqual(JSON.parse(String(done.Output)), { status: 'from the child', asked: 'why' });
    assert.match(String(done.StoppedTime), /Z$/);

    const again = await sdkError(client.startExecution({ FlowName: 'child_flow', ExecutionName: 'run1' }));
    assert.equal(again.code, 'ExecutionAlreadyExists');
    const generated = await client.startExecution({ FlowName: 'child_flow' });
    assert.match(String(generated.Name), /^[0-9a-f-]{36}$/);
    await ended(client, 'child_flow', String(generated.Name));

    const listed = await client.listExecutions({ FlowName: 'child_flow', Status: 'Succeeded' });
    assert.deepEqual(
      (listed.Executions as { Name: string }[]).map((execution) => execution.Name).sort(),
      ['run1', String(generated.Name)].sort(),
    );
    assert.equal(listed.NextToken, undefined, 'absent when done');
    const bad = await sdkError(client.listExecutions({ FlowName: 'child_flow', ExecutionNamePrefix: 'r' }));
    assert.equal(bad.code, 'InvalidArgument');

    const types: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.getExecutionHistory({
        FlowName: 'child_flow',
        ExecutionName: 'run1',
        Limit: 2,
        ...(NextToken !== undefined ? { NextToken } : {}),
      });
      for (const event of page.Events as { Type: string; EventId: number; EventDetail: string }[]) {
        assert.equal(event.EventId, types.length + 1);
        assert.equal(typeof JSON.parse(event.EventDetail), 'object', 'EventDetail is JSON text');
        types.push(event.Type);
      }
      NextToken = page.NextToken as string | undefined;
    } while (NextToken !== undefined);
    assert.equal(types[0], 'ExecutionStarted');
    assert.equal(types.at(-1), 'ExecutionSucceeded');
    assert.equal(
      (await sdkError(client.describeExecution({ FlowName: 'child_flow', ExecutionName: 'nope' }))).code,
      'ExecutionNotExists',
    );
  });

  it('ReportTaskFailed and ReportTaskSucceeded through the SDK; a second report is TaskAlreadyCompleted', async () => {
    const waiting = await client.startExecution({ FlowName: SEED_FLOW_NAME, ExecutionName: 'reported' });
    assert.deepEqual(
      [waiting.Status, waiting.Output, waiting.StoppedTime, waiting.Input],
      ['Running', '', '', '{}'],
      'empty strings for what a running execution does not have yet',
    );
    const token = await tokenOf(client, SEED_FLOW_NAME, 'reported');
    const failed = await client.reportTaskFailed({ TaskToken: token, Error: 'My.Error', Cause: 'because' });
    assert.equal(failed.EventId, 5);
    const done = await ended(client, SEED_FLOW_NAME, 'reported');
    assert.deepEqual([done.Status, done.ErrorCode, done.ErrorMessage], ['Failed', 'My.Error', 'because']);
    const late = await sdkError(client.reportTaskSucceeded({ TaskToken: token, Output: '{"status":"ok"}' }));
    assert.equal(late.code, 'TaskAlreadyCompleted');
    const notObject = await sdkError(client.reportTaskSucceeded({ TaskToken: token, Output: '[1]' }));
    assert.equal(notObject.code, 'InvalidArgument');
  });

  it('StopExecution with Error and Cause', async () => {
    await client.startExecution({ FlowName: SEED_FLOW_NAME, ExecutionName: 'stopped' });
    const stopped = await client.stopExecution({
      FlowName: SEED_FLOW_NAME,
      ExecutionName: 'stopped',
      Error: 'Ops.Stop',
      Cause: 'not needed',
    });
    assert.equal(stopped.Status, 'Stopped');
    assert.equal(stopped.ErrorCode, 'Ops.Stop');
    const again = await sdkError(
      client.stopExecution({ FlowName: SEED_FLOW_NAME, ExecutionName: 'stopped', Error: 'x', Cause: 'y' }),
    );
    assert.equal(again.code, 'ExecutionAlreadyCompleted');
  });

  it('StartExecution with CallbackFnFTaskToken: the child’s end is reported to the parent’s task', async () => {
    await client.startExecution({ FlowName: SEED_FLOW_NAME, ExecutionName: 'parent_ok' });
    const token = await tokenOf(client, SEED_FLOW_NAME, 'parent_ok');
    await client.startExecution({
      FlowName: 'child_flow',
      ExecutionName: 'child_ok',
      Input: '{"question":"what"}',
      CallbackFnFTaskToken: token,
    });
    const parent = await ended(client, SEED_FLOW_NAME, 'parent_ok');
    assert.equal(parent.Status, 'Succeeded');
    assert.deepEqual(JSON.parse(String(parent.Output)), { s: 'from the child' });

    await client.startExecution({ FlowName: SEED_FLOW_NAME, ExecutionName: 'parent_ko' });
    const other = await tokenOf(client, SEED_FLOW_NAME, 'parent_ko');
    await client.startExecution({
      FlowName: 'failing_child',
      ExecutionName: 'child_ko',
      CallbackFnFTaskToken: other,
    });
    const failed = await ended(client, SEED_FLOW_NAME, 'parent_ko');
    assert.deepEqual(
      [failed.Status, failed.ErrorCode, failed.ErrorMessage],
      ['Failed', 'Child.Refused', 'no way'],
    );
  });

  it('ReportTaskHeartbeat (extension) through the SDK’s generic request', async () => {
    await client.startExecution({ FlowName: SEED_FLOW_NAME, ExecutionName: 'beat' });
    const token = await tokenOf(client, SEED_FLOW_NAME, 'beat');
    const answer = await client.request('ReportTaskHeartbeat', { TaskToken: token }, { method: 'POST' });
    assert.equal(typeof answer.RequestId, 'string');
    await client.stopExecution({ FlowName: SEED_FLOW_NAME, ExecutionName: 'beat', Error: 'x', Cause: 'y' });
  });

  it('DeleteFlow: the flow is gone, its executions stay readable with an empty FlowDefinition', async () => {
    const deleted = await client.deleteFlow({ Name: 'child_flow' });
    assert.deepEqual(Object.keys(deleted), ['RequestId']);
    assert.equal((await sdkError(client.describeFlow({ Name: 'child_flow' }))).code, 'FlowNotExists');
    const execution = await client.describeExecution({ FlowName: 'child_flow', ExecutionName: 'run1' });
    assert.equal(execution.Status, 'Succeeded');
    assert.equal(execution.FlowDefinition, '');
  });
});
