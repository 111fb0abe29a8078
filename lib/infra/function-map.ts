/**
 * The functions flows may call, as construct props give them, turned into the `FLOWBACK_FUNCTION_MAP`
 * of the Lambda composition root: the key that `LambdaInvoker` looks up (`service/function` for an
 * `acs:fc` resource, the function name for a Lambda ARN) → the ARN of the Lambda function to invoke.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { parseResourceArn } from '../fdl/index.ts';

/** `service/function` or a Lambda function name (what a `FLOWBACK_FUNCTION_MAP` key may be). */
const PLAIN_KEY = /^(?:[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+|[A-Za-z0-9_-]{1,64})$/;

/**
 * The invoker's lookup key of a props key: an `acs:fc:…:services/S[.q]/functions/F` resource (→ `S/F`),
 * a Lambda function ARN (→ its name), or already `S/F` or a function name.
 * @throws Error when the key names no function (a queue, a child flow, or nothing valid).
 */
export function functionMapKey(key: string): string {
  if (PLAIN_KEY.test(key)) return key;
  const parsed = parseResourceArn(key);
  if (!parsed.ok) throw new Error(`FlowEngine functions: invalid key '${key}': ${parsed.message}`);
  const resource = parsed.resource;
  if (resource.kind !== 'function') {
    throw new Error(`FlowEngine functions: key '${key}' names a ${resource.kind}, not a function`);
  }
  return resource.service === undefined
    ? resource.functionName
    : `${resource.service}/${resource.functionName}`;
}

/**
 * The function map of `functions` (lookup key → function ARN).
 * @throws Error on an invalid key, or on two keys that name the same resource.
 */
export function functionMapOf(functions: Readonly<Record<string, lambda.IFunction>>): Record<string, string> {
  const map: Record<string, string> = {};
  const origins = new Map<string, string>();
  for (const [key, fn] of Object.entries(functions)) {
    const lookup = functionMapKey(key);
    const other = origins.get(lookup);
    if (other !== undefined) {
      throw new Error(`FlowEngine functions: '${key}' and '${other}' both map ${lookup}`);
    }
    origins.set(lookup, key);
    map[lookup] = fn.functionArn;
  }
  return map;
}
