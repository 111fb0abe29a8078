/**
 * In-memory `Invoker`: functions are plain handlers `(event, context) => result`, found by
 * `service/function` for `acs:fc` resources and by function name for Lambda ARNs.
 */
import type { Json } from '../../fdl/types.ts';
import type { FunctionResource, InvokeContext, InvokeResult, Invoker } from '../../ports/invoker.ts';

/** What a local function handler receives besides its event. */
export interface FunctionContext extends InvokeContext {
  /** The lookup key of the function (`service/function` or the Lambda function name). */
  functionName: string;
}

/** A local function (as a Lambda handler: sync or async). */
export type FunctionHandler = (event: Json, context: FunctionContext) => unknown;

/** The lookup key of a function resource. */
export function functionKey(resource: FunctionResource): string {
  return resource.service === undefined
    ? resource.functionName
    : `${resource.service}/${resource.functionName}`;
}

/** What names the flow error of a thrown error (also as sent back by a worker thread). */
export interface ThrownNames {
  /** `error.name`. */
  name: string;
  /** The name of its class (`class OrderRejected extends Error {}` keeps the name `Error`). */
  constructorName: string;
  /** An `errorType` property, as Lambda handlers set it. */
  errorType?: unknown;
}

/** The flow error name of a thrown error: its `errorType`, else its own name, else its class. */
export function flowErrorName(names: ThrownNames): string {
  const ownName = names.name !== 'Error' ? names.name : names.constructorName;
  return typeof names.errorType === 'string' && names.errorType !== '' ? names.errorType : ownName || 'Error';
}

/** The flow error of a thrown value: its `errorType`, else its own class or name (`OrderRejected`). */
export function errorOf(thrown: unknown): { error: string; cause: string } {
  if (!(thrown instanceof Error)) return { error: 'Error', cause: String(thrown) };
  const error = flowErrorName({
    name: thrown.name,
    constructorName: thrown.constructor.name,
    errorType: (thrown as { errorType?: unknown }).errorType,
  });
  return { error, cause: thrown.message };
}

/**
 * Calls a function handler as Lambda would (on copies of the event and context) and maps the outcome:
 * a thrown value → its flow error (`errorOf`), a result that is not JSON → `FC.InvalidArgument`.
 */
export async function runFunctionHandler(
  handler: FunctionHandler,
  event: Json,
  context: FunctionContext,
): Promise<InvokeResult> {
  let result: unknown;
  try {
    result = await handler(structuredClone(event), structuredClone(context));
  } catch (thrown) {
    return { ok: false, ...errorOf(thrown) };
  }
  try {
    return { ok: true, output: JSON.parse(JSON.stringify(result ?? null)) as Json };
  } catch (thrown) {
    return {
      ok: false,
      error: 'FC.InvalidArgument',
      cause: `result is not JSON: ${errorOf(thrown).cause}`,
    };
  }
}

/** An invoker of in-process functions. */
export class MemoryInvoker implements Invoker {
  /** Every invocation made (tests). */
  readonly calls: { functionName: string; event: Json }[] = [];
  readonly #functions = new Map<string, FunctionHandler>();

  constructor(functions: Record<string, FunctionHandler> = {}) {
    for (const [name, handler] of Object.entries(functions)) this.#functions.set(name, handler);
  }

  /** Adds or replaces a function. */
  register(name: string, handler: FunctionHandler): void {
    this.#functions.set(name, handler);
  }

  async invoke(resource: FunctionResource, event: Json, context: InvokeContext): Promise<InvokeResult> {
    const functionName = functionKey(resource);
    const handler = this.#functions.get(functionName);
    if (handler === undefined) {
      return { ok: false, error: 'FC.FunctionNotFound', cause: `function '${functionName}' does not exist` };
    }
    this.calls.push({ functionName, event: structuredClone(event) });
    return runFunctionHandler(handler, event, { ...context, functionName });
  }
}
