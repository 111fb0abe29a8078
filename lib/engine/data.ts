import { jsonByteLength, MAX_PAYLOAD_BYTES } from '../fdl/json-values.ts';
import { applyMappings, defaultInput } from '../fdl/mappings.ts';
import type { Json, JsonObject, Mapping } from '../fdl/types.ts';
import { FlowErrors } from './errors.ts';
import type { FlowError } from './types.ts';

/** The scope mappings read: `$input`/`$`, `$local`, `$context`. */
export interface DataScope {
  input: Json;
  local: Json;
  context: JsonObject;
}

/** A payload too large to keep, as a flow error; `undefined` when it fits. */
export function sizeError(value: Json, what: string): FlowError | undefined {
  const bytes = jsonByteLength(value);
  if (bytes <= MAX_PAYLOAD_BYTES) return undefined;
  return {
    error: FlowErrors.DataLimitExceeded,
    cause: `${what} is ${bytes} bytes, more than the limit of ${MAX_PAYLOAD_BYTES} bytes`,
  };
}

/** A step's input: its inputMappings over the parent's input and local, or the default merge. */
export function stepInput(
  mappings: Mapping[] | undefined,
  parent: { input: JsonObject; local: JsonObject },
  context: JsonObject,
): JsonObject {
  if (!mappings) return defaultInput(parent.input, parent.local);
  return applyMappings(mappings, { input: parent.input, local: parent.local, context });
}

/** A step's output: its outputMappings over its input and local, or `fallback` (the local, or `{}`). */
export function stepOutput(
  mappings: Mapping[] | undefined,
  input: JsonObject,
  local: Json,
  context: JsonObject,
  fallback: JsonObject,
): JsonObject {
  if (!mappings) return fallback;
  return applyMappings(mappings, { input, local, context });
}

/** The input a step receives without inputMappings: its parent's input merged with its local. */
export function defaultStepInput(parent: { input: JsonObject; local: JsonObject }): JsonObject {
  return defaultInput(parent.input, parent.local);
}
