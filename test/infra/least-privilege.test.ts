/**
 * The synthesized template read as IAM would read it. (1) Every AWS call in lib/adapters/aws is
 * declared in lib/adapters/aws/access.ts (the source is read: a new command without its declaration
 * fails here). (2) Each engine function's role allows exactly the actions of the adapter capabilities
 * its composition uses (function-access.ts) on the tables, index and queues they touch, plus what the
 * platform needs (logs, X-Ray, event sources) — nothing more. (3) For every resource the deployed
 * flows name, the worker's role allows the very call the invoker or the queue sender makes; a
 * resource no flow names is not allowed (the worker reports FC.AccessDenied).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type Access, ADAPTER_ACCESS } from '../../lib/adapters/aws/access.ts';
import { type EngineFunctionName, functionAccess } from '../../lib/adapters/aws/function-access.ts';
import { lambdaTarget } from '../../lib/adapters/aws/lambda-invoker.ts';
import { parseResourceArn } from '../../lib/fdl/index.ts';
import { readFlowFiles } from '../../lib/infra/flow-files.ts';
import { flowResourcesOf } from '../../lib/infra/flow-resources.ts';
import { addFlowbackStack } from '../../lib/infra/flowback-app.ts';
import { logicalId, permissionsOf, show } from './synth.ts';

const ROOT = join(import.meta.dirname, '../..');
const ADAPTERS = join(ROOT, 'lib/adapters/aws');
const FLOWS = join(import.meta.dirname, '../fixtures/deploy/flows');

/** The IAM action of an SDK command class, by the package it comes from. */
function actionOf(command: string, source: string): string {
  const service = /client-(\w+)/.exec(source)?.[1] ?? (source.includes('lib-dynamodb') ? 'dynamodb' : '');
  const prefix = service === 'secrets' ? 'secretsmanager' : service;
  if (prefix === 'lambda' && command === 'Invoke') return 'lambda:InvokeFunction';
  // lib-dynamodb's document commands are named after the item operation: Put → PutItem, BatchWrite → BatchWriteItem.
  const item = ['Put', 'Get', 'Update', 'Delete', 'BatchWrite', 'BatchGet'].includes(command)
    ? `${command}Item`
    : command;
  return `${prefix}:${item}`;
}

/** The IAM actions the code of `file` calls: each `new XCommand(` with the package X comes from. */
function actionsInSource(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/[^']+)'/g)) {
    for (const name of (match[1] ?? '').split(','))
      imports.set(name.replace(/type\s+/, '').trim(), match[2] ?? '');
  }
  const actions = new Set<string>();
  for (const match of text.matchAll(/new (\w+)Command\(/g)) {
    const name = `${match[1]}Command`;
    const source = imports.get(name);
    assert.ok(source, `${file}: ${name} comes from an @aws-sdk package`);
    actions.add(actionOf(match[1] ?? '', source));
  }
  return [...actions].sort();
}

/** Every action of some capabilities. */
function declared(capabilities: Readonly<Record<string, Access>>): string[] {
  const actions = new Set<string>();
  for (const access of Object.values(capabilities)) {
    for (const list of [
      ...Object.values(access.dynamodb ?? {}),
      ...Object.values(access.sqs ?? {}),
      access.lambda ?? [],
      access.secretsmanager ?? [],
      access.linkSecret ?? [],
    ])
      for (const action of list) actions.add(action);
  }
  return [...actions].sort();
}

describe('the adapters declare every call they make', () => {
  const files = readdirSync(ADAPTERS).filter((file) => file.endsWith('.ts'));

  it('each adapter module that calls AWS is declared with exactly the actions its source calls', () => {
    for (const file of files) {
      const calls = actionsInSource(join(ADAPTERS, file));
      const capabilities = (ADAPTER_ACCESS as Record<string, Record<string, Access>>)[file];
      if (calls.length === 0) {
        assert.equal(capabilities, undefined, `${file} calls nothing and declares nothing`);
        continue;
      }
      assert.ok(capabilities, `${file} calls ${calls.join(', ')}: declare it in lib/adapters/aws/access.ts`);
      assert.deepEqual(declared(capabilities), calls, `${file}: declared actions = the calls in its source`);
    }
  });

  it('nothing outside the adapters sends AWS commands in a Lambda (the composition root only builds clients)', () => {
    for (const dir of ['lambdas', 'lib/runtime', 'lib/api']) {
      for (const file of readdirSync(join(ROOT, dir), { recursive: true }).map(String)) {
        if (!file.endsWith('.ts')) continue;
        assert.deepEqual(actionsInSource(join(ROOT, dir, file)), [], `${dir}/${file}`);
      }
    }
  });
});

describe('the template, read like IAM', () => {
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      flowsDir: FLOWS,
      functionsDir: join(import.meta.dirname, '../fixtures/deploy/functions'),
      existingQueues: 'shared',
      rpcSecretName: 'flowback/rpc-keys',
    },
    outdir: mkdtempSync(join(tmpdir(), 'flowback-iam-')),
  });
  const stack = addFlowbackStack(app);
  app.synth();
  const template = Template.fromStack(stack);
  const engine = stack.engine;
  const id = logicalId;
  const tables = engine.tables.byRole;
  const roles: Record<EngineFunctionName, string> = {
    api: id(engine.functions.api.role),
    worker: id(engine.functions.worker.role),
    timeouts: id(engine.functions.timeouts.role),
    deployFlows: id(engine.flows!.handler.role),
  };
  const engineQueues = [`${id(engine.queues.work)}.Arn`, `${id(engine.queues.timers)}.Arn`];
  const streamFailures = `${id(engine.queues.streamFailures)}.Arn`;

  /** How the template spells the resources of each target. */
  const resourcesOf = {
    executions: [`${id(tables.executions)}.Arn`],
    executionsByFlow: [`${id(tables.executions)}.Arn/index/byFlow`],
    tokens: [`${id(tables.tokens)}.Arn`],
    tokensByTaskId: [`${id(tables.tokens)}.Arn/index/byTaskId`],
    tokensTasks: [`${id(tables.tokens)}.Arn/index/tasks`],
    flows: [`${id(tables.flows)}.Arn`],
    work: [engineQueues[0]!],
    timers: [engineQueues[1]!],
    tasks: engine.targets.sendArns.map((arn) => showResolved(arn)),
  };

  function showResolved(value: string): string {
    return show(stack.resolve(value));
  }

  /** What the adapters of `name` need, as permission lines. */
  function derived(name: EngineFunctionName): string[] {
    const access = functionAccess(name);
    const lines: string[] = [];
    for (const [target, actions] of [...Object.entries(access.dynamodb), ...Object.entries(access.sqs)]) {
      for (const resource of resourcesOf[target as keyof typeof resourcesOf])
        for (const action of actions) lines.push(`Allow ${action} ${resource}`);
    }
    if (name === 'worker')
      for (const arn of engine.targets.invokeArns)
        lines.push(`Allow lambda:InvokeFunction ${showResolved(arn)}`);
    if (name === 'api')
      for (const action of access.secretsmanager)
        lines.push(
          `Allow ${action} arn:Ref:AWS::Partition:secretsmanager:Ref:AWS::Region:Ref:AWS::AccountId:secret:flowback/rpc-keys-??????`,
        );
    return [...new Set(lines)].sort();
  }

  /** The lines the platform adds (logs, X-Ray, the event sources' own reads), not the adapters. */
  function platform(line: string): boolean {
    const [, action = '', resource = ''] = line.split(' ');
    if (/^(logs|xray):/.test(action)) return true;
    if (action === 'dynamodb:ListStreams' || resource.endsWith('.StreamArn')) return true;
    if (resource === streamFailures) return true;
    const consume = [
      'sqs:ReceiveMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
    ];
    return engineQueues.includes(resource) && consume.includes(action);
  }

  for (const name of Object.keys(roles) as EngineFunctionName[]) {
    it(`${name}: exactly the actions of the adapters it composes, on exactly their resources`, () => {
      const all = permissionsOf(template, roles[name]);
      const lines = all.filter((line) => !platform(line));
      // (What the event sources grant anyway, e.g. ChangeMessageVisibility on the worker's queues, is
      // compared as present, not as extra.)
      assert.deepEqual(
        lines,
        derived(name).filter((line) => !platform(line)),
      );
      for (const line of derived(name)) assert.ok(all.includes(line), `${name}: ${line}`);
    });
  }

  it('no function but api and deploy-flows writes the flows table; only api lists, on the index it only queries', () => {
    for (const name of ['worker', 'timeouts'] as const) {
      const onFlows = permissionsOf(template, roles[name]).filter((line) =>
        line.endsWith(resourcesOf.flows[0]!),
      );
      assert.ok(
        onFlows.every((line) => line.includes('dynamodb:GetItem')),
        `${name}: ${onFlows.join(', ')}`,
      );
    }
    const onIndex = Object.values(roles).flatMap((role) =>
      permissionsOf(template, role).filter((line) => line.endsWith('/index/byFlow')),
    );
    assert.deepEqual(onIndex, [`Allow dynamodb:Query ${resourcesOf.executionsByFlow[0]}`]);
  });

  /** True when the worker's role has an Allow of `action` on `resource` (exact or by its wildcards). */
  function workerAllows(action: string, resource: string): boolean {
    return permissionsOf(template, roles.worker).some((line) => {
      const [effect, allowed = '', pattern = ''] = line.split(' ');
      if (effect !== 'Allow' || allowed !== action) return false;
      const regex = new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      );
      return regex.test(resource);
    });
  }

  /** The ARN IAM checks for an invocation of `FunctionName` (a name of this account, or an ARN) and `Qualifier`. */
  function invocationArn(target: { FunctionName: string; Qualifier?: string }): string {
    const built = Object.values(engine.targets.built).find(
      (fn) =>
        template.findResources('AWS::Lambda::Function')[id(fn.function)]?.Properties.FunctionName ===
        target.FunctionName,
    );
    const base = target.FunctionName.startsWith('arn:')
      ? target.FunctionName
      : built !== undefined
        ? `${id(built.function)}.Arn`
        : `arn:Ref:AWS::Partition:lambda:Ref:AWS::Region:Ref:AWS::AccountId:function:${target.FunctionName}`;
    return target.Qualifier === undefined ? base : `${base}:${target.Qualifier}`;
  }

  /** The queue ARN IAM checks for a send to `queueName` (as the sender finds it by name). */
  function queueArn(arn: string, queueName: string): string {
    const created = engine.targets.createdQueues[queueName];
    if (created !== undefined) return `${id(created)}.Arn`;
    return arn.startsWith('arn:')
      ? arn
      : `arn:Ref:AWS::Partition:sqs:Ref:AWS::Region:Ref:AWS::AccountId:${queueName}`;
  }

  const resources = flowResourcesOf(readFlowFiles(FLOWS));
  const functionMap = Object.fromEntries(
    Object.entries(engine.targets.functionMap).map(([key, value]) => [key, showResolved(value)]),
  );

  it('allows the worker every call the deployed flows make (functions as the invoker targets them, queues)', () => {
    assert.equal(resources.functions.length, 3);
    for (const resource of resources.functions) {
      const arn = invocationArn(lambdaTarget(resource, functionMap));
      assert.ok(workerAllows('lambda:InvokeFunction', arn), `${resource.arn} → ${arn}`);
    }
    assert.equal(resources.queues.length, 3);
    for (const resource of resources.queues) {
      for (const action of ['sqs:GetQueueUrl', 'sqs:SendMessage']) {
        const arn = queueArn(resource.arn, resource.queueName);
        assert.ok(workerAllows(action, arn), `${action} ${resource.arn} → ${arn}`);
      }
    }
  });

  it('does not allow resources that no deployed flow names (the task fails with FC.AccessDenied)', () => {
    for (const text of [
      'acs:fc:::services/other/functions/x',
      'acs:fc:::services/billing.prod/functions/refund',
    ]) {
      const parsed = parseResourceArn(text);
      assert.ok(parsed.ok && parsed.resource.kind === 'function');
      const arn = invocationArn(lambdaTarget(parsed.resource, functionMap));
      assert.equal(workerAllows('lambda:InvokeFunction', arn), false, arn);
    }
    assert.equal(
      workerAllows('sqs:SendMessage', queueArn('acs:mns:::/queues/unknown/messages', 'unknown')),
      false,
    );
  });
});
