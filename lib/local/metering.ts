/**
 * Optional metering of the local runtime (`startLocalRuntime({ meter })`): what AWS would bill for the
 * same work. Each HTTP request to the API counts as one API Gateway request and one invocation of the
 * `api` Lambda; each batch handed to the worker handler as one invocation of the `worker` Lambda; each
 * call of a local function as one invocation of that function's Lambda — all with their wall time.
 * DynamoDB and SQS requests are counted by the meter's middleware on the SDK clients. Without a meter
 * every helper here returns what it was given.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { RequestMeter } from '../adapters/aws/request-meter.ts';
import type { Json } from '../fdl/types.ts';
import type { FunctionResource, InvokeContext, InvokeResult, Invoker } from '../ports/invoker.ts';
import type { ApiGatewayHandler } from './api-server.ts';
import type { LocalClients } from './local-clients.ts';
import type { SqsBatchHandler } from './sqs-poller.ts';

/** Origins the local runtime labels its requests with (see `RequestMeter.within`). */
export const METER_ORIGINS = {
  /** The api Lambda (HTTP requests to the API). */
  api: 'api',
  /** The worker Lambda on the work queue. */
  work: 'worker',
  /** The worker Lambda on the timer queue. */
  timers: 'timers',
  /** The pollers' receives and deletes (Lambda's event source mapping on AWS). */
  poller: 'poller',
  /** The sweeper (local only: on AWS the TTL stream is the backstop). */
  sweeper: 'sweeper',
  /** Start-up recovery (local only). */
  startup: 'startup',
} as const;

/** Adds the meter's middleware to both clients. */
export function meterClients(clients: LocalClients, meter: RequestMeter | undefined): void {
  meter?.instrument(clients.dynamo);
  meter?.instrument(clients.sqs);
}

/** Runs `run` and records its wall time as one invocation of `resource`'s Lambda. */
async function timedInvocation<T>(
  meter: RequestMeter,
  origin: string,
  resource: string,
  run: () => Promise<T>,
): Promise<T> {
  return meter.within(origin, async () => {
    const began = performance.now();
    try {
      return await run();
    } finally {
      meter.record({
        service: 'lambda',
        operation: 'Invocation',
        resource,
        durationMs: performance.now() - began,
      });
    }
  });
}

/** The api handler, each request counted as an API Gateway request and an `api` invocation. */
export function meterApiHandler(
  handler: ApiGatewayHandler,
  meter: RequestMeter | undefined,
): ApiGatewayHandler {
  if (meter === undefined) return handler;
  return (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
    meter.within(METER_ORIGINS.api, () => {
      meter.record({ service: 'apigateway', operation: event.httpMethod, resource: 'api' });
      return timedInvocation(meter, METER_ORIGINS.api, 'api', () => handler(event));
    });
}

/** A batch handler, each batch counted as one invocation of the `worker` Lambda under `origin`. */
export function meterBatchHandler(
  handler: SqsBatchHandler,
  meter: RequestMeter | undefined,
  origin: string,
): SqsBatchHandler {
  if (meter === undefined) return handler;
  return (event: SQSEvent): Promise<SQSBatchResponse | undefined> =>
    timedInvocation(meter, origin, 'worker', () => handler(event));
}

/** An invoker whose every call counts as one invocation of the function's Lambda. */
export class MeteredInvoker implements Invoker {
  readonly #inner: Invoker;
  readonly #meter: RequestMeter;

  constructor(inner: Invoker, meter: RequestMeter) {
    this.#inner = inner;
    this.#meter = meter;
  }

  invoke(resource: FunctionResource, event: Json, context: InvokeContext): Promise<InvokeResult> {
    const name =
      resource.service === undefined ? resource.functionName : `${resource.service}/${resource.functionName}`;
    return timedInvocation(this.#meter, this.#meter.origin, `function:${name}`, () =>
      this.#inner.invoke(resource, event, context),
    );
  }
}

/** `inner`, metered when a meter is given. */
export function meterInvoker(inner: Invoker, meter: RequestMeter | undefined): Invoker {
  return meter === undefined ? inner : new MeteredInvoker(inner, meter);
}
