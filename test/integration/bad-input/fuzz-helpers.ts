/**
 * The bad-input corpus's harness and generators. A target is the REST + RPC handler (`createHttpApi`)
 * in this process over a memory runtime holding flow `seed` and its execution `run1` waiting for its
 * callback. Every generated request must get an answer below 500 — an error answer with its code, a
 * message and the request's id and the stores exactly as before — or, for the rare generated request
 * that happens to be valid, a 2xx after which the target is built afresh. Fixed seeds: a failure
 * prints its seed and path, and `FUZZ_SEED` / `FUZZ_RUNS` change them.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { MemoryRuntime } from '../../../lib/adapters/memory/index.ts';
import type { HttpHandler, HttpRequest } from '../../../lib/api/http.ts';
import { createHttpApi } from '../../../lib/api/rest.ts';
import type { RestRoute } from '../../../lib/api/rest-routes.ts';
import { snapshot } from '../../unit/api/api-helpers.ts';
import { SEED_FLOW, setup, tokens } from '../../unit/runtime/runtime-helpers.ts';

/** fast-check's parameters: a fixed seed, a few hundred runs per property. */
export function fuzzParameters(runs = 300): fc.Parameters<unknown> {
  return {
    seed: Number(process.env.FUZZ_SEED ?? 20_260_601),
    numRuns: Number(process.env.FUZZ_RUNS ?? runs),
    endOnFailure: true,
    includeErrorInReport: true,
    // The counterexample cut short: a huge generated value would flood the report.
    reporter: (details) => {
      if (!details.failed) return;
      const message = fc.defaultReportMessage(details) ?? 'failed';
      throw new Error(
        message.length > 3000 ? `${message.slice(0, 1500)} … ${message.slice(-1500)}` : message,
      );
    },
  };
}

/** A request as generated: method, path, query, headers and a raw body. */
export interface Generated {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

/** How the answers were distributed, for the test's diagnostics. */
export type Tally = Record<string, number>;

/** The REST + RPC API over a memory runtime with `seed`/`run1` waiting; rebuilt after a change. */
export class Target {
  m!: MemoryRuntime;
  api!: HttpHandler;
  /** The task token of `run1`. */
  token = '';
  #requests = 0;

  static async create(): Promise<Target> {
    const target = new Target();
    await target.reset();
    return target;
  }

  /** A fresh runtime: flow `seed`, execution `run1` waiting. */
  async reset(): Promise<void> {
    this.m = setup();
    this.api = createHttpApi(this.m.operations);
    await this.m.operations.createFlow({ name: 'seed', definition: SEED_FLOW });
    await this.m.operations.startExecution({ flowName: 'seed', executionName: 'run1', input: {} });
    await this.m.drain();
    [this.token = ''] = await tokens(this.m, 'seed', 'run1');
  }

  /**
   * Sends `generated` and checks the answer: below 500, JSON; an error is `{code, message, requestId}`
   * (RPC: `{Code, Message, RequestId}`) with a 4xx and changes nothing. Returns the status.
   */
  async check(generated: Generated, tally?: Tally): Promise<number> {
    const before = await snapshot(this.m, ['seed']);
    this.#requests += 1;
    const requestId = `fuzz-${this.#requests}`;
    const request: HttpRequest = {
      method: generated.method,
      path: generated.path,
      query: generated.query ?? {},
      headers: generated.headers ?? {},
      requestId,
      ...(generated.body !== undefined ? { body: generated.body } : {}),
    };
    let response: Awaited<ReturnType<HttpHandler>>;
    try {
      response = await this.api(request);
    } catch (error) {
      assert.fail(`the handler threw: ${(error as Error).stack}`);
    }
    assert.ok(response.status < 500, `a ${response.status}: ${response.body}`);
    const body = JSON.parse(response.body) as Record<string, unknown>;
    if (tally) tally[String(response.status)] = (tally[String(response.status)] ?? 0) + 1;
    if (response.status >= 200 && response.status < 300) {
      // A generated request that is valid after all: start again from a known state.
      if (generated.method !== 'GET') await this.reset();
      return response.status;
    }
    assert.ok(response.status >= 400, `status ${response.status}`);
    // The RPC protocol (GET and POST /) answers its own shape; anything else the REST one.
    assertErrorBody(body, requestId, /^\/*$/.test(generated.path) && 'Code' in body);
    await this.m.drain();
    assert.equal(await snapshot(this.m, ['seed']), before, 'a refused request changed nothing');
    return response.status;
  }
}

/** Asserts the error shape: a code, a non-empty message and the request's id (RPC: capitalised). */
export function assertErrorBody(
  body: Record<string, unknown>,
  requestId: string | undefined,
  rpc: boolean,
): void {
  const [code, message, id] = rpc ? ['Code', 'Message', 'RequestId'] : ['code', 'message', 'requestId'];
  assert.equal(typeof body[code], 'string', `${code} in ${JSON.stringify(body)}`);
  assert.match(String(body[code]), /^[A-Za-z.]+$/);
  assert.equal(typeof body[message], 'string');
  assert.ok(String(body[message]).length > 0, 'a message');
  if (requestId === undefined) assert.equal(typeof body[id], 'string');
  else assert.equal(body[id], requestId);
}

/** Strings that break things: empty, control characters, unicode, lone surrogates, percent signs. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', '%', '%zz', '../', '\ud800', '🙂', 'é', '\u202e', 'null', '{}', '$'),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);

/** A string of 1,000 to 2,000,000 characters (past every limit somewhere in that range). */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(1_025, 4_097, 70_000, 300_000, 1_100_000, 2_000_000),
    fc.constantFrom('a', 'é', '🙂'),
  )
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

/** A JSON value nested `depth` deep (arrays or objects). */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** Deep values: up to 2,000 levels (as values, so that the test itself can serialize them). */
export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(50, 500, 2_000), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => nested(depth, kind));

/** Deep JSON text: up to 1,000,000 levels of `[` or `{"a":`. */
export const deepText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(10_000, 100_000, 1_000_000), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** Any field value: JSON of every kind, nasty and huge strings, deep values. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 4 },
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, 1.5, [], {}), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: deepValue, weight: 1 },
);

/** A JSON body made of some of `fields` (and now and then an unknown one) with any values. */
export function bodyOf(fields: readonly string[]): fc.Arbitrary<string> {
  const keys = fc.oneof(
    { arbitrary: fc.constantFrom(...(fields.length > 0 ? fields : ['x'])), weight: 6 },
    { arbitrary: nastyString, weight: 1 },
  );
  return fc.dictionary(keys, anyValue, { maxKeys: 4 }).map((body) => JSON.stringify(body));
}

/** A raw body: not JSON, not an object, truncated JSON, or huge. */
export const rawBody: fc.Arbitrary<string> = fc.oneof(
  nastyString,
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.jsonValue().map((value) => JSON.stringify(value).slice(0, -1)),
  fc.constantFrom('{', '{"a":', '[1,', '{"taskToken":}', 'undefined', 'NaN', '{"__proto__":{"x":1}}'),
  hugeString.map((text) => JSON.stringify({ taskToken: text })),
  deepValue.map((value) => JSON.stringify(value)),
  deepText,
  deepText.map((text) => `{"output":${text},"input":${text},"definition":${text}}`),
);

/** A query: some of `allowed` and now and then another name, with nasty values. */
export function queryOf(allowed: readonly string[]): fc.Arbitrary<Record<string, string>> {
  const names = fc.oneof(
    { arbitrary: fc.constantFrom(...(allowed.length > 0 ? allowed : ['x'])), weight: 5 },
    { arbitrary: nastyString, weight: 1 },
  );
  const values = fc.oneof(
    nastyString,
    fc.constantFrom('-1', '0', '1001', '1e3', '0x10', '21', '99999999999999999999', 'true'),
    fc.integer().map(String),
  );
  return fc.dictionary(names, values, { maxKeys: 3 });
}

/** `text` percent-encoded (as it is when it cannot be: a lone surrogate). */
function encodeOrKeep(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A path parameter: the real one now and then, else nasty text (raw or percent-encoded). */
export function paramOf(real: string): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constant(real), weight: 2 },
    { arbitrary: nastyString.map(encodeOrKeep), weight: 2 },
    { arbitrary: nastyString, weight: 1 },
    { arbitrary: fc.constant('x'.repeat(200)), weight: 1 },
  );
}

/** True when the query asks DescribeExecution to long-poll (valid, and slow on a waiting execution). */
export function longPolls(query: Record<string, string>): boolean {
  const wait = query.waitTimeSeconds;
  return wait !== undefined && /^\d+$/.test(wait) && Number(wait) > 0 && Number(wait) <= 20;
}

/** Requests to `route` with generated parameters, query and body. */
export function requestsTo(route: RestRoute): fc.Arbitrary<Generated> {
  const body = route.body === undefined ? fc.option(rawBody) : fc.oneof(bodyOf(route.body), rawBody);
  return fc
    .record({
      flow: paramOf('seed'),
      name: paramOf('run1'),
      query: queryOf(route.query ?? []),
      body,
    })
    .filter(({ query }) => !longPolls(query))
    .map(({ flow, name, query, body }) => ({
      method: route.method,
      path: route.path.replace('{flow}', flow).replace('{name}', name),
      query,
      ...(body !== null ? { body } : {}),
    }));
}
