/** SDK clients pointed at the embedded DynamoDB and SQS: one region, one account, any credentials. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

/** The one region of the local runtime (fauxqs finds queues by ARN, region included). */
export const LOCAL_REGION = 'us-east-1';

/** The account of local queue ARNs and URLs. */
export const LOCAL_ACCOUNT = '000000000000';

/** Credentials the embedded services accept (they check no signature). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'flowback', secretAccessKey: 'flowback' } as const;

/** Clients of both services. */
export interface LocalClients {
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  /** Closes their connections. */
  destroy(): void;
}

/** Clients of the DynamoDB endpoint and the SQS endpoint. */
export function createLocalClients(dynamoEndpoint: string, sqsEndpoint: string): LocalClients {
  const common = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...common, endpoint: dynamoEndpoint });
  const sqs = new SQSClient({ ...common, endpoint: sqsEndpoint });
  return {
    dynamo,
    sqs,
    destroy: () => {
      dynamo.destroy();
      sqs.destroy();
    },
  };
}

/** The ARN of a local queue. */
export function localQueueArn(name: string): string {
  return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;
}
