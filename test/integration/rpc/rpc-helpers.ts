/**
 * Helpers of the RPC tests: the official SDK pointed at a local runtime, a recording proxy (to capture a
 * signed request and replay it), and a client whose clock is off (a skewed `Timestamp`).
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import FnF from '@alicloud/fnf-2019-03-15';
import { eventually } from '../local/local-helpers.ts';

/** The access key the signed runtime is configured with. */
export const ACCESS_KEY = { id: 'testAK', secret: 'testSecret' } as const;

/** An SDK client (long enough a timeout for long polls). */
export function sdk(endpoint: string, secret: string = ACCESS_KEY.secret, id: string = ACCESS_KEY.id): FnF {
  return new FnF({ endpoint, accessKeyId: id, accessKeySecret: secret, opts: { timeout: 30_000 } });
}

/** An SDK client that sends unsigned requests (no credentials at all). */
export function unsignedSdk(endpoint: string): FnF {
  return new FnF({ endpoint, credentialsProvider: { getCredentials: async () => ({}) } });
}

/** `Date` as this module found it (the SDK's clock is shifted by swapping the global). */
const REAL_DATE = Date;

/**
 * An SDK client whose requests carry a `Timestamp` `offsetMs` away from now: the SDK reads `new Date()`
 * right after getting its credentials, so `Date` is shifted for that moment only (restored on the next
 * macrotask, before the request is even sent).
 */
export function skewedSdk(endpoint: string, offsetMs: number): FnF {
  return new FnF({
    endpoint,
    credentialsProvider: {
      getCredentials: async () => {
        // The real Date of the module, not whatever `Date` is now: a shift whose restore has not run
        // yet (a busy machine) must never be taken for the real one and left in place.
        const RealDate = REAL_DATE;
        class ShiftedDate extends RealDate {
          constructor(...args: unknown[]) {
            if (args.length === 0) super(RealDate.now() + offsetMs);
            else super(...(args as [string]));
          }
        }
        globalThis.Date = ShiftedDate as DateConstructor;
        setTimeout(() => {
          globalThis.Date = RealDate;
        }, 0);
        return { accessKeyId: ACCESS_KEY.id, accessKeySecret: ACCESS_KEY.secret };
      },
    },
  });
}

/** A request as it went through the proxy. */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A proxy in front of `target` that records every request. */
export interface RecordingProxy {
  url: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

/** Reads a request's body. */
function bodyOf(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    message.on('error', reject);
  });
}

/** Starts a recording proxy to `target` (`http://127.0.0.1:PORT`). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: CapturedRequest[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const body = await bodyOf(incoming);
    const headers = Object.fromEntries(
      Object.entries(incoming.headers).map(([name, value]) => [name, String(value)]),
    );
    requests.push({ method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers, body });
    const forwarded = httpRequest(
      `${target}${incoming.url ?? '/'}`,
      { method: incoming.method, headers: { ...headers, connection: 'close' } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a captured request again, as it was; answers the status and the JSON body. */
export async function replay(
  target: string,
  captured: CapturedRequest,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers = { ...captured.headers };
  delete headers.host;
  delete headers.connection;
  delete headers['content-length'];
  const response = await fetch(`${target}${captured.url}`, {
    method: captured.method,
    headers,
    ...(captured.method === 'POST' ? { body: captured.body } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** What an SDK call threw (fails when it did not throw). */
export async function sdkError(call: Promise<unknown>): Promise<FnF.ApiError> {
  try {
    await call;
  } catch (error) {
    return error as FnF.ApiError;
  }
  throw new Error('the call succeeded; an error was expected');
}

/** The task token of the execution's waiting task, from its TaskSubmitted event (as the seed reads it). */
export async function tokenOf(client: FnF, FlowName: string, ExecutionName: string): Promise<string> {
  return eventually(
    async () => {
      const { Events } = (await client.getExecutionHistory({ FlowName, ExecutionName })) as unknown as {
        Events: { Type: string; EventDetail: string }[];
      };
      const submitted = Events.filter((event) => event.Type === 'TaskSubmitted').at(-1);
      return submitted === undefined ? undefined : (JSON.parse(submitted.EventDetail).taskToken as string);
    },
    10_000,
    `the token of ${FlowName}/${ExecutionName}`,
  );
}

/** The execution once it has ended (long polls of 60 s, clamped by the server to 20 s). */
export async function ended(
  client: FnF,
  FlowName: string,
  ExecutionName: string,
): Promise<Record<string, unknown>> {
  for (;;) {
    const execution = await client.describeExecution({ FlowName, ExecutionName, WaitTimeSeconds: 60 });
    if (execution.Status !== 'Running') return execution;
  }
}
