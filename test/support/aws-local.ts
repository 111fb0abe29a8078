/**
 * dynalite (DynamoDB) and fauxqs (SQS) in this process, on random loopback ports, with SDK clients
 * pointed at them — for integration tests. `stop()` closes the clients and both servers.
 */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import { ensureTables, type TableNames } from '../../lib/adapters/aws/index.ts';

/** The region every local client and server uses. */
export const LOCAL_REGION = 'us-east-1';

/** Dummy credentials (the local servers do not check them). */
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A running local AWS. */
export interface AwsLocal {
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  tables: TableNames;
  /** Creates a standard queue; returns its URL. */
  createQueue(name: string, attributes?: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

let counter = 0;

/** Starts dynalite and fauxqs and creates the three tables (names unique to this call). */
export async function startAwsLocal(): Promise<AwsLocal> {
  const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => dynamoServer.listen(0, '127.0.0.1', resolve));
  const dynamoPort = (dynamoServer.address() as AddressInfo).port;
  const sqsApp = buildApp({ logger: false, host: '127.0.0.1', defaultRegion: LOCAL_REGION });
  await sqsApp.listen({ host: '127.0.0.1', port: 0 });
  const sqsPort = (sqsApp.server.address() as AddressInfo).port;

  const dynamo = new DynamoDBClient({
    region: LOCAL_REGION,
    endpoint: `http://127.0.0.1:${dynamoPort}`,
    credentials,
  });
  const sqs = new SQSClient({ region: LOCAL_REGION, endpoint: `http://127.0.0.1:${sqsPort}`, credentials });
  counter += 1;
  const suffix = `${process.pid}-${counter}`;
  const tables: TableNames = {
    executions: `executions-${suffix}`,
    tokens: `tokens-${suffix}`,
    flows: `flows-${suffix}`,
  };
  await ensureTables(dynamo, tables);

  return {
    dynamo,
    sqs,
    tables,
    async createQueue(name, attributes) {
      const created = await sqs.send(
        new CreateQueueCommand({
          QueueName: name,
          ...(attributes !== undefined ? { Attributes: attributes } : {}),
        }),
      );
      if (created.QueueUrl === undefined) throw new Error(`no URL for queue ${name}`);
      return created.QueueUrl;
    },
    async stop() {
      dynamo.destroy();
      sqs.destroy();
      await sqsApp.close();
      await new Promise<void>((resolve, reject) =>
        dynamoServer.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
