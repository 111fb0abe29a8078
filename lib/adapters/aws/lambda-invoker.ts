/**
 * `Invoker` on AWS Lambda: `acs:fc` `{s}/{f}` → function `{s}-{f}` (its qualifier as `Qualifier`),
 * Lambda ARNs as they are, or an explicit mapping by `service/function` (or Lambda function name).
 * A function error becomes the flow error `errorType`; refusals of the Lambda API become `FC.*`
 * errors (an IAM refusal the non-retryable `FC.AccessDenied`, naming the missing grant); anything else throws, so that the work item is redelivered. The call id travels in the
 * Lambda client context, `{"custom": {"callId": …}}` (Node: `context.clientContext.custom.callId`).
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Json } from '../../fdl/types.ts';
import type { FunctionResource, InvokeContext, InvokeResult, Invoker } from '../../ports/invoker.ts';
import { functionAccessDeniedCause, isAccessDenied } from './access-denied.ts';

/** Options of `LambdaInvoker`. */
export interface LambdaInvokerOptions {
  /**
   * Function name or ARN by `service/function` (acs:fc) or Lambda function name; a mapped name
   * replaces the default and carries its own qualifier if it needs one.
   */
  functionMap?: Record<string, string>;
}

/** The Lambda error names of requests Lambda refused, by flow error. */
const ERRORS_BY_NAME: Readonly<Record<string, string>> = {
  TooManyRequestsException: 'FC.ResourceThrottled',
  ResourceNotFoundException: 'FC.FunctionNotFound',
  InvalidParameterValueException: 'FC.InvalidArgument',
  InvalidRequestContentException: 'FC.InvalidArgument',
  RequestTooLargeException: 'FC.InvalidArgument',
};

/** The `FunctionName` and `Qualifier` of an invocation. */
export function lambdaTarget(
  resource: FunctionResource,
  functionMap: Record<string, string> = {},
): { FunctionName: string; Qualifier?: string } {
  const key =
    resource.service === undefined ? resource.functionName : `${resource.service}/${resource.functionName}`;
  const mapped = functionMap[key];
  if (mapped !== undefined) return { FunctionName: mapped };
  if (resource.service === undefined) return { FunctionName: resource.arn };
  return {
    FunctionName: `${resource.service}-${resource.functionName}`,
    ...(resource.qualifier !== undefined ? { Qualifier: resource.qualifier } : {}),
  };
}

/** Lambda's limit on the base64 `ClientContext` of an invocation, in bytes. */
export const CLIENT_CONTEXT_LIMIT = 3583;

/**
 * The base64 `ClientContext` of an invocation: `{"custom": {"callId": …}}` (custom values are strings,
 * as every Lambda runtime reads them). A call id is short (`c1-…`: at most 40 characters; ids of
 * commands stored before call ids existed carry the flow and execution names, a few hundred), so the
 * context stays far under `CLIENT_CONTEXT_LIMIT`.
 */
export function clientContextOf(context: InvokeContext): string {
  return Buffer.from(JSON.stringify({ custom: { callId: context.callId } })).toString('base64');
}

/** The flow error of a function's error payload (`{errorType, errorMessage}`). */
function functionFailure(functionError: string, payload: string): InvokeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    parsed = undefined;
  }
  const fields = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const errorType =
    typeof fields.errorType === 'string' && fields.errorType !== '' ? fields.errorType : undefined;
  const errorMessage = typeof fields.errorMessage === 'string' ? fields.errorMessage : payload;
  return { ok: false, error: errorType ?? functionError, cause: errorMessage };
}

/** Invokes Lambda functions synchronously (RequestResponse). */
export class LambdaInvoker implements Invoker {
  readonly #lambda: LambdaClient;
  readonly #functionMap: Record<string, string>;

  constructor(lambda: LambdaClient, options: LambdaInvokerOptions = {}) {
    this.#lambda = lambda;
    this.#functionMap = options.functionMap ?? {};
  }

  async invoke(resource: FunctionResource, event: Json, context: InvokeContext): Promise<InvokeResult> {
    let answer: { FunctionError?: string | undefined; Payload?: Uint8Array | undefined };
    const target = lambdaTarget(resource, this.#functionMap);
    try {
      answer = await this.#lambda.send(
        new InvokeCommand({
          ...target,
          InvocationType: 'RequestResponse',
          ClientContext: clientContextOf(context),
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
      );
    } catch (error) {
      if (isAccessDenied(error)) {
        return {
          ok: false,
          error: 'FC.AccessDenied',
          cause: functionAccessDeniedCause(target.FunctionName, target.Qualifier, error),
        };
      }
      const name = error instanceof Error ? error.name : '';
      const flowError = ERRORS_BY_NAME[name];
      if (flowError !== undefined) {
        return { ok: false, error: flowError, cause: error instanceof Error ? error.message : String(error) };
      }
      if (isServiceError(error)) {
        return { ok: false, error: 'FC.InternalServerError', cause: `${name}: ${(error as Error).message}` };
      }
      throw error;
    }
    const payload = answer.Payload === undefined ? '' : new TextDecoder().decode(answer.Payload);
    if (answer.FunctionError !== undefined) return functionFailure(answer.FunctionError, payload);
    if (payload.trim() === '') return { ok: true, output: null };
    try {
      return { ok: true, output: JSON.parse(payload) as Json };
    } catch (error) {
      return {
        ok: false,
        error: 'FC.InvalidArgument',
        cause: `result is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
}

/** True for an error answered by the Lambda service (it has response metadata), not a network fault. */
function isServiceError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && '$metadata' in error && '$fault' in error;
}
