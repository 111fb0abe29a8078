/**
 * Where `flowback worker` polls: `--queue` is a queue name, an SQS queue URL or an SQS ARN. A name goes to
 * the local runtime's embedded SQS (`--sqs-endpoint`, env `FLOWBACK_SQS_ENDPOINT`, default
 * `http://127.0.0.1:8701`, any credentials) unless the endpoint is `aws`; a URL or an ARN of AWS goes to
 * AWS (region from it, credentials from the default chain) unless an endpoint is given.
 */
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/local-clients.ts';

/** The local runtime's SQS endpoint, the default. */
export const DEFAULT_SQS_ENDPOINT = 'http://127.0.0.1:8701';

/** A queue to poll and the client to poll it with. */
export interface QueueAddress {
  sqs: SQSClient;
  queueUrl: string;
}

/** The queue's region and name in an ARN or an AWS queue URL, if it is one. */
function awsQueue(queue: string): { region: string; account: string; name: string } | undefined {
  const arn = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([^:/]+)$/.exec(queue);
  if (arn) return { region: arn[1] ?? '', account: arn[2] ?? '', name: arn[3] ?? '' };
  const url = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([^/?]+)$/.exec(queue);
  if (url) return { region: url[1] ?? '', account: url[2] ?? '', name: url[3] ?? '' };
  return undefined;
}

/**
 * Resolves `queue` against `endpoint` (`undefined`: the default for that kind of queue; `aws`: AWS).
 * @throws Error when the queue does not exist.
 */
export async function resolveQueue(queue: string, endpoint: string | undefined): Promise<QueueAddress> {
  const onAws = awsQueue(queue);
  const useAws = endpoint === 'aws' || (endpoint === undefined && onAws !== undefined);
  const sqs = useAws
    ? new SQSClient(onAws !== undefined ? { region: onAws.region } : {})
    : new SQSClient({
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
        endpoint: endpoint ?? DEFAULT_SQS_ENDPOINT,
      });
  try {
    if (/^https?:\/\//.test(queue)) return { sqs, queueUrl: queue };
    const found = await sqs.send(
      new GetQueueUrlCommand({
        QueueName: onAws?.name ?? queue,
        ...(onAws !== undefined ? { QueueOwnerAWSAccountId: onAws.account } : {}),
      }),
    );
    if (found.QueueUrl === undefined) throw new Error(`no URL for queue ${queue}`);
    return { sqs, queueUrl: found.QueueUrl };
  } catch (error) {
    sqs.destroy();
    throw error;
  }
}
