/**
 * Request metering: counts what AWS bills, request by request, at the SDK clients (DynamoDB, SQS,
 * Lambda) and wherever a caller records one (API requests, Lambda invocations). A middleware on a
 * client's `build` step sees every request after serialisation: it names the operation (from
 * `X-Amz-Target`, else the command), the table or queue, and for DynamoDB asks
 * `ReturnConsumedCapacity: 'TOTAL'` so that the read and write units of the answer can be summed.
 *
 * Counts are kept per *origin* — a label set with `within()` that follows the async calls made inside
 * it (`AsyncLocalStorage`) — so that work done for the API, the worker, or the local sweeper can be told
 * apart. Measuring only: nothing here changes what a request does, apart from the capacity report.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type IndexProjection, indexWriteUnits } from './request-size.ts';
import { TABLE_LAYOUTS, type TableNames } from './tables.ts';

export type { IndexProjection } from './request-size.ts';

/** The billed services counted. */
export type MeteredService = 'apigateway' | 'lambda' | 'dynamodb' | 'sqs';

/** One request (or invocation) to count. */
export interface MeterRecord {
  service: MeteredService;
  operation: string;
  /** Table, queue, function or API name. */
  resource?: string;
  readUnits?: number;
  writeUnits?: number;
  /** Write units of global secondary indexes, estimated from the request (dynalite reports none). */
  indexWriteUnits?: number;
  /** Wall time of an invocation, in ms (billed rounded up to the next ms). */
  durationMs?: number;
}

/** What the meter counted for one origin, service, operation and resource. */
export interface MeterCount {
  origin: string;
  service: MeteredService;
  operation: string;
  resource: string;
  requests: number;
  readUnits: number;
  writeUnits: number;
  indexWriteUnits: number;
  durationMs: number;
  /** Sum of durations rounded up to whole ms per invocation (Lambda's billing granularity). */
  billedMs: number;
}

/** The suffix of a ReceiveMessage that returned no message (an idle long poll). */
export const EMPTY_RECEIVE = 'ReceiveMessage:empty';

/** The origin of requests made outside any `within()`. */
export const DEFAULT_ORIGIN = 'other';

/** DynamoDB operations that read (their capacity is read units). */
const READ_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

/** DynamoDB operations that accept `ReturnConsumedCapacity`. */
const CAPACITY_OPERATIONS = new Set([
  ...READ_OPERATIONS,
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** The parts of an SDK request and context the middleware reads. */
interface BuildArgs {
  input: Record<string, unknown>;
  request: { headers: Record<string, string>; body?: unknown };
}
type BuildHandler = (args: BuildArgs) => Promise<{ output: unknown }>;
type BuildMiddleware = (
  next: BuildHandler,
  context: { clientName?: string; commandName?: string },
) => BuildHandler;
interface StackLike {
  add(middleware: BuildMiddleware, options: { step: 'build'; name: string; override: boolean }): void;
}

/** A client with a middleware stack (any AWS SDK v3 client). */
export interface MeterableClient {
  middlewareStack: unknown;
}

/** The value of a header, whatever its case. */
function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** The sum of the capacity units of a `ConsumedCapacity` (one object, or one per table). */
function capacityUnits(consumed: unknown): number | undefined {
  const list = Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed];
  if (list.length === 0) return undefined;
  return list.reduce(
    (sum: number, entry) => sum + Number((entry as { CapacityUnits?: number }).CapacityUnits ?? 0),
    0,
  );
}

/** A serialised JSON body as text (the SDK gives bytes), or `undefined`. */
function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return undefined;
}

/** The last path segment of a queue URL. */
function queueName(url: unknown): string {
  return typeof url === 'string' ? (url.split('/').pop() ?? url) : '';
}

/** Counts requests by origin, service, operation and resource. */
export class RequestMeter {
  readonly #origin = new AsyncLocalStorage<string>();
  readonly #counts = new Map<string, MeterCount>();
  readonly #indexes: readonly IndexProjection[];

  /** @param options.indexes the GSIs whose writes are estimated (attributes = keys + projection). */
  constructor(options: { indexes?: readonly IndexProjection[] } = {}) {
    this.#indexes = options.indexes ?? [];
  }

  /** Runs `run` with requests made inside it (and in what it starts) counted under `origin`. */
  within<T>(origin: string, run: () => T): T {
    return this.#origin.run(origin, run);
  }

  /** The origin of the current async context. */
  get origin(): string {
    return this.#origin.getStore() ?? DEFAULT_ORIGIN;
  }

  /** Counts one request under the current origin. */
  record(record: MeterRecord): void {
    const origin = this.origin;
    const resource = record.resource ?? '';
    const key = `${origin}\u0000${record.service}\u0000${record.operation}\u0000${resource}`;
    let count = this.#counts.get(key);
    if (count === undefined) {
      count = {
        origin,
        service: record.service,
        operation: record.operation,
        resource,
        requests: 0,
        readUnits: 0,
        writeUnits: 0,
        indexWriteUnits: 0,
        durationMs: 0,
        billedMs: 0,
      };
      this.#counts.set(key, count);
    }
    count.requests += 1;
    count.readUnits += record.readUnits ?? 0;
    count.writeUnits += record.writeUnits ?? 0;
    count.indexWriteUnits += record.indexWriteUnits ?? 0;
    if (record.durationMs !== undefined) {
      count.durationMs += record.durationMs;
      count.billedMs += Math.max(1, Math.ceil(record.durationMs));
    }
  }

  /** A copy of every count so far. */
  counts(): MeterCount[] {
    return [...this.#counts.values()].map((count) => ({ ...count }));
  }

  /** Forgets every count. */
  reset(): void {
    this.#counts.clear();
  }

  /** Adds the metering middleware to an AWS SDK v3 client (idempotent). */
  instrument(client: MeterableClient): void {
    (client.middlewareStack as StackLike).add((next, context) => (args) => this.#meter(next, context, args), {
      step: 'build',
      name: 'flowbackRequestMeter',
      override: true,
    });
  }

  async #meter(
    next: BuildHandler,
    context: { clientName?: string; commandName?: string },
    args: BuildArgs,
  ): Promise<{ output: unknown }> {
    const target = header(args.request.headers, 'x-amz-target') ?? '';
    const operation = target.includes('.')
      ? target.slice(target.lastIndexOf('.') + 1)
      : (context.commandName ?? 'Unknown').replace(/Command$/, '');
    if (target.startsWith('DynamoDB_')) return this.#meterDynamo(next, args, operation);
    if (target.startsWith('AmazonSQS.')) {
      const result = await next(args);
      const messages = (result.output as { Messages?: unknown[] }).Messages;
      const empty = operation === 'ReceiveMessage' && (messages?.length ?? 0) === 0;
      this.record({
        service: 'sqs',
        operation: empty ? EMPTY_RECEIVE : operation,
        resource: queueName(args.input.QueueUrl),
      });
      return result;
    }
    if (context.clientName === 'LambdaClient') {
      this.record({ service: 'lambda', operation, resource: String(args.input.FunctionName ?? '') });
    }
    return next(args);
  }

  async #meterDynamo(next: BuildHandler, args: BuildArgs, operation: string): Promise<{ output: unknown }> {
    const request = args.request;
    const text = bodyText(request.body);
    const body = (text === undefined ? {} : JSON.parse(text)) as Record<string, unknown>;
    if (
      text !== undefined &&
      CAPACITY_OPERATIONS.has(operation) &&
      body.ReturnConsumedCapacity === undefined
    ) {
      body.ReturnConsumedCapacity = 'TOTAL';
      const bytes = new TextEncoder().encode(JSON.stringify(body));
      request.body = bytes;
      for (const name of Object.keys(request.headers)) {
        if (name.toLowerCase() === 'content-length') delete request.headers[name];
      }
      request.headers['content-length'] = String(bytes.byteLength);
    }
    const tables =
      typeof body.TableName === 'string' ? body.TableName : Object.keys(body.RequestItems ?? {}).join(',');
    const isRead = READ_OPERATIONS.has(operation);
    const indexUnits = isRead ? 0 : indexWriteUnits(operation, body, this.#indexes);
    let result: { output: unknown };
    try {
      result = await next(args);
    } catch (error) {
      // A failed conditional write still consumes write capacity; dynalite reports none: count 1 unit.
      const conditional = (error as { name?: string }).name === 'ConditionalCheckFailedException';
      this.record({
        service: 'dynamodb',
        operation: conditional ? `${operation}:conditionFailed` : `${operation}:error`,
        resource: tables,
        ...(conditional ? { writeUnits: 1 } : {}),
      });
      throw error;
    }
    const units = capacityUnits((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity) ?? 0;
    this.record({
      service: 'dynamodb',
      operation,
      resource: tables,
      ...(isRead ? { readUnits: units } : { writeUnits: units, indexWriteUnits: indexUnits }),
    });
    return result;
  }
}

/** Runs `run` under `origin` when a meter is given, else just runs it. */
export function meteredWithin<T>(meter: RequestMeter | undefined, origin: string, run: () => T): T {
  return meter === undefined ? run() : meter.within(origin, run);
}

/** The GSIs of the engine's tables under `names`, for `new RequestMeter({ indexes })`. */
export function engineIndexProjections(names: TableNames): IndexProjection[] {
  return (Object.keys(TABLE_LAYOUTS) as (keyof TableNames)[]).flatMap((role) => {
    const layout = TABLE_LAYOUTS[role];
    const tableKeys = layout.keySchema.map((key) => key.AttributeName ?? '');
    return layout.globalSecondaryIndexes.map((index) => {
      const keys = (index.KeySchema ?? []).map((key) => key.AttributeName ?? '');
      return {
        table: names[role],
        index: index.IndexName ?? '',
        keys,
        attributes: [...tableKeys, ...keys, ...(index.Projection?.NonKeyAttributes ?? [])],
      };
    });
  });
}
