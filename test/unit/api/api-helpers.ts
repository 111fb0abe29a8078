/** Shared set-up of the HTTP layer tests: a REST API over a memory runtime, and a request helper. */
import type { MemoryRuntime } from '../../../lib/adapters/memory/index.ts';
import type { HttpHandler, HttpRequest } from '../../../lib/api/http.ts';
import { createHttpApi } from '../../../lib/api/rest.ts';
import { setup } from '../runtime/runtime-helpers.ts';

export { callbackFlow, exampleFlow, SEED_FLOW } from '../runtime/runtime-helpers.ts';

/** A parsed answer. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field in the tests.
  body: any;
}

/** What a test request may carry besides its method and path. */
export interface RequestParts {
  /** A JSON value (serialized) or raw text (sent as is). */
  body?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

/** A memory runtime with the fixture functions, and the REST API over it. */
export interface ApiHarness {
  m: MemoryRuntime;
  api: HttpHandler;
  /** Sends a request and parses the JSON answer. */
  call(method: string, path: string, parts?: RequestParts): Promise<Answer>;
}

let requests = 0;

/** A fresh harness. */
export function apiHarness(): ApiHarness {
  const m = setup();
  const api = createHttpApi(m.operations);
  const call = async (method: string, path: string, parts: RequestParts = {}): Promise<Answer> => {
    requests += 1;
    const request: HttpRequest = {
      method,
      path,
      query: parts.query ?? {},
      headers: parts.headers ?? {},
      requestId: `req-${requests}`,
      ...(parts.body === undefined
        ? {}
        : { body: typeof parts.body === 'string' ? parts.body : JSON.stringify(parts.body) }),
    };
    const response = await api(request);
    return { status: response.status, headers: response.headers, body: JSON.parse(response.body) };
  };
  return { m, api, call };
}

/**
 * Everything the memory stores hold for the flows `flowNames` (flows, executions with their histories,
 * tokens, timers, pending work), as JSON text: equal before and after a refused request.
 */
export async function snapshot(m: MemoryRuntime, flowNames: readonly string[]): Promise<string> {
  const { flows, executions, tokens, timers } = m.stores;
  const perFlow = [];
  for (const name of flowNames) {
    const page = await executions.listExecutions(name, { limit: 1000 });
    const records = [];
    for (const item of page.items) {
      const key = { flowName: name, executionName: item.executionName };
      records.push({
        record: await executions.load(key),
        history: await executions.readHistory(key, 0, 1000),
      });
    }
    perFlow.push({ flow: await flows.get(name), records });
  }
  return JSON.stringify({
    flows: await flows.list(1000),
    perFlow,
    tokens: tokens.all(),
    timers: timers.all(),
    work: m.dispatcher.pending(),
    clock: m.clock.now(),
  });
}
