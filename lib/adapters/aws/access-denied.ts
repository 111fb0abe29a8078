/**
 * IAM refusals of the engine's own calls (the worker may not invoke a function or send to a queue):
 * recognised here and turned into the non-retryable flow errors `FC.AccessDenied` / `MNS.AccessDenied`,
 * with a cause that names the missing grant and the FlowEngine prop or `cdk deploy -c` value that adds
 * it (docs/deploy.md, "Grants"). Only the stack can grant more, so a retry is pointless.
 */

/** The error names AWS services answer an IAM refusal with. */
const ACCESS_DENIED_NAMES: readonly string[] = ['AccessDenied', 'AccessDeniedException'];

/** True for an IAM refusal answered by an AWS service (403, `AccessDenied[Exception]`). */
export function isAccessDenied(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return false;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && ACCESS_DENIED_NAMES.includes(name);
}

/** The message of an error, or its text. */
function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The cause of `FC.AccessDenied`: which function the worker may not invoke, and how to grant it.
 * @param functionName the `FunctionName` of the invocation (a name or an ARN)
 */
export function functionAccessDeniedCause(
  functionName: string,
  qualifier: string | undefined,
  error: unknown,
): string {
  const target = qualifier === undefined ? functionName : `${functionName}:${qualifier}`;
  return (
    `the engine's worker is not granted lambda:InvokeFunction on ${target}: deploy the flows that call it ` +
    'with the stack (-c flowsDir=DIR, with its module in -c functionsDir=DIR), or name it in ' +
    `-c existingFunctions=${target} (FlowEngine prop existingFunctions, or functions) and deploy again ` +
    `(docs/deploy.md, "Grants"). ${messageOf(error)}`
  );
}

/** The cause of `MNS.AccessDenied`: which queue the worker may not send to, and how to grant it. */
export function queueAccessDeniedCause(queueName: string, error: unknown): string {
  return (
    `the engine's worker is not granted sqs:GetQueueUrl and sqs:SendMessage on queue ${queueName}: deploy ` +
    `the flows that name it with the stack (-c flowsDir=DIR creates it), or name it in -c existingQueues=${queueName} ` +
    `(FlowEngine prop existingQueues, or queues) and deploy again (docs/deploy.md, "Grants"). ${messageOf(error)}`
  );
}
