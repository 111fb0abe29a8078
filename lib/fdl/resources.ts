import { validateFlowName } from './names.ts';
import type { Resource, TaskPattern } from './types.ts';

/** The task patterns each kind of resource supports (semantics.md, "Definitions"). */
export const SUPPORTED_PATTERNS: Readonly<Record<Resource['kind'], readonly TaskPattern[]>> = {
  function: ['requestResponse', 'sync', 'waitForCallback'],
  queue: ['requestResponse', 'waitForCallback'],
  flow: ['requestResponse', 'sync', 'waitForCallback'],
};

/** The resourceArn forms of api.md, as shown in messages. */
export const SUPPORTED_RESOURCE_FORMS: readonly string[] = [
  'acs:fc:{region}:{account}:services/{service}[.{qualifier}]/functions/{function}',
  'arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]',
  'acs:mns:{region}:{account}:/queues/{queue}/messages',
  'arn:aws:sqs:{region}:{account}:{queue}',
  'acs:fnf:{region}:{account}:flow/{name}',
];

/** Result of {@link parseResourceArn}. */
export type ResourceArnResult = { ok: true; resource: Resource } | { ok: false; message: string };

const FC_ARN =
  /^acs:fc:([a-z0-9-]*):([0-9]*):services\/([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_-]+))?\/functions\/([A-Za-z0-9_-]+)$/;
const LAMBDA_ARN =
  /^arn:aws:lambda:([a-z0-9-]+):([0-9]{12}):function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9_$-]{1,128}))?$/;
const MNS_QUEUE_ARN = /^acs:mns:([a-z0-9-]*):([0-9]*):\/queues\/([^/]+)\/messages$/;
const MNS_TOPIC_ARN = /^acs:mns:[^:]*:[^:]*:\/topics\//;
const SQS_ARN = /^arn:aws:sqs:([a-z0-9-]+):([0-9]{12}):([^:/]+)$/;
const FNF_FLOW_ARN = /^acs:fnf:([a-z0-9-]*):([0-9]*):flow\/(.+)$/;
/** SQS queue names (every queue becomes an SQS queue): 1–80 of `[A-Za-z0-9_-]`, optionally `.fifo`. */
const QUEUE_NAME = /^(?=.{1,80}$)[A-Za-z0-9_-]+(?:\.fifo)?$/;

function withLocation<T extends object>(value: T, region: string, account: string): T {
  const located: T & { region?: string; account?: string } = { ...value };
  if (region !== '') located.region = region;
  if (account !== '') located.account = account;
  return located;
}

function queue(arn: string, name: string, region: string, account: string): ResourceArnResult {
  if (!QUEUE_NAME.test(name)) {
    return {
      ok: false,
      message: `invalid queue name \`${name}\` in resourceArn: use 1–80 letters, digits, \`_\` or \`-\` (optionally ending in \`.fifo\`)`,
    };
  }
  return { ok: true, resource: withLocation({ kind: 'queue', arn, queueName: name }, region, account) };
}

/**
 * Parses a task's `resourceArn` into the resource it names: an Alibaba FC or AWS Lambda function, an
 * MNS or SQS queue, or a child flow. MNS topics and anything else are refused with a message.
 */
export function parseResourceArn(arn: string): ResourceArnResult {
  const fc = FC_ARN.exec(arn);
  if (fc) {
    const [, region = '', account = '', service = '', qualifier, functionName = ''] = fc;
    const resource: Resource = withLocation(
      { kind: 'function', arn, service, functionName },
      region,
      account,
    );
    if (qualifier !== undefined) resource.qualifier = qualifier;
    return { ok: true, resource };
  }
  const lambda = LAMBDA_ARN.exec(arn);
  if (lambda) {
    const [, region = '', account = '', functionName = '', qualifier] = lambda;
    const resource: Resource = withLocation({ kind: 'function', arn, functionName }, region, account);
    if (qualifier !== undefined) resource.qualifier = qualifier;
    return { ok: true, resource };
  }
  const mns = MNS_QUEUE_ARN.exec(arn);
  if (mns) return queue(arn, mns[3] ?? '', mns[1] ?? '', mns[2] ?? '');
  const sqs = SQS_ARN.exec(arn);
  if (sqs) return queue(arn, sqs[3] ?? '', sqs[1] ?? '', sqs[2] ?? '');
  const flow = FNF_FLOW_ARN.exec(arn);
  if (flow) {
    const flowName = flow[3] ?? '';
    const problem = validateFlowName(flowName);
    if (problem !== undefined) return { ok: false, message: `invalid child flow in resourceArn: ${problem}` };
    return { ok: true, resource: { kind: 'flow', arn, flowName } };
  }
  if (MNS_TOPIC_ARN.test(arn)) {
    return {
      ok: false,
      message: `MNS topics are not supported (\`${arn}\`): only queues (acs:mns:{region}:{account}:/queues/{queue}/messages or an SQS queue ARN)`,
    };
  }
  return {
    ok: false,
    message: `unsupported resourceArn \`${arn}\`: expected one of ${SUPPORTED_RESOURCE_FORMS.join(', ')}`,
  };
}
