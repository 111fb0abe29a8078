/**
 * Every cdk-nag (AwsSolutions) finding the engine acknowledges, with its reason, in one place: the
 * constructs acknowledge from here, docs/deploy.md lists them, and a test keeps both in step. Each
 * acknowledgement is attached to the one construct it concerns, never to the whole stack, so that a
 * new finding elsewhere still fails the synth.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One acknowledged finding. */
export interface NagAcknowledgement {
  /** The rule (and finding) id, as cdk-nag reports it. */
  readonly id: string;
  readonly reason: string;
}

/** The acknowledgements, by what they concern. */
export const NAG_ACKNOWLEDGEMENTS = {
  xrayWildcard: {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, so AWS requires Resource "*" (the only wildcard of the functions\' roles).',
  },
  streamListWildcard: {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'The tokens stream event source: dynamodb:ListStreams has no resource-level permissions (Resource "*"); the stream\'s reads are granted on its ARN only. Also X-Ray, as for every function.',
  },
  nodeRuntime: {
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 (NODEJS_22_X) is pinned on purpose: it is the newest runtime the pinned dependencies and the tests are verified on, and Lambda supports it. ENGINE_RUNTIME moves with the toolchain.',
  },
  cognito: {
    id: 'AwsSolutions-COG4',
    reason:
      'Every method requires AWS_IAM (SigV4) authorization, as api.md specifies: callers are AWS principals allowed by IAM policies route by route; there is no Cognito user pool.',
  },
  waf: {
    id: 'AwsSolutions-APIG3',
    reason:
      'No WAF web ACL by default: every method requires SigV4 (IAM) and the stage is throttled. Associate a web ACL with the stage if the API must also filter traffic (REST API only).',
  },
  apiGatewayLogsRole: {
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    reason:
      'The account-level role API Gateway needs to write access and execution logs (AWS::ApiGateway::Account); AWS documents this managed policy for it, and only API Gateway can assume the role.',
  },
  rpcNoIam: {
    id: 'AwsSolutions-APIG4',
    reason:
      'The Alibaba-compatible RPC API (GET and POST /, only when an access-key secret is configured) cannot use SigV4: its clients sign with HMAC-SHA1 (SignatureVersion 1.0), which the function verifies against keys from Secrets Manager, with timestamp-skew and nonce-replay checks (lib/api/rpc/rpc-auth.ts).',
  },
  rpcNoCognito: {
    id: 'AwsSolutions-COG4',
    reason:
      'The RPC routes authenticate each request by its HMAC-SHA1 signature in the function (see AwsSolutions-APIG4 on the same method); there is no Cognito user pool.',
  },
  callbacksNoIam: {
    id: 'AwsSolutions-APIG4',
    reason:
      "The approval-link routes (GET and POST /callbacks/{taskId}/{decision}, only with approvalLinks) are opened from an email by people without AWS credentials: the function checks each link's HMAC-SHA256 signature and expiry (lib/runtime/approval-links.ts), GET changes nothing, and the routes are throttled far below the stage.",
  },
  callbacksNoCognito: {
    id: 'AwsSolutions-COG4',
    reason:
      'The approval-link routes authenticate each link by its signature in the function (see AwsSolutions-APIG4 on the same method); there is no Cognito user pool.',
  },
  linkSecretRotation: {
    id: 'AwsSolutions-SMG4',
    reason:
      "The approval links' signing key: rotating it on a schedule would void every link already mailed; each link expires with its task (at most 7 days without a task timeout). Rotate it by hand (a new secret value) to revoke all outstanding links.",
  },
  streamFailuresQueue: {
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter destination: the on-failure destination of the tokens stream event source (a DLQ of a DLQ would only move the problem).',
  },
} as const satisfies Record<string, NagAcknowledgement>;

/** Acknowledges `acknowledgements` on `scope` (and what it contains). */
export function acknowledge(scope: IConstruct, ...acknowledgements: NagAcknowledgement[]): void {
  Validations.of(scope).acknowledge(...acknowledgements.map(({ id, reason }) => ({ id, reason })));
}
