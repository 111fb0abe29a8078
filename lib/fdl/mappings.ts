import { isJsonObject } from './json-values.ts';
import { type MappingScope, parsePath, readPath, readSource } from './paths.ts';
import type { Json, JsonObject, Mapping } from './types.ts';

/**
 * Builds the object that `mappings` produce from `scope`. Each target is a key of the result; a dotted
 * target (`a.b`) builds nested objects. A source that finds nothing leaves its target untouched (absent,
 * or the value of an earlier mapping); otherwise later mappings win on the same key. Never mutates
 * `scope`: values read from it may be shared with the result, but objects on a dotted target's way
 * are copied before they are extended.
 */
export function applyMappings(mappings: Mapping[], scope: MappingScope): JsonObject {
  let result: JsonObject = {};
  for (const mapping of mappings) {
    const read = readSource(mapping.source, scope);
    if (read.found) result = setIn(result, mapping.target.split('.'), read.value);
  }
  return result;
}

/**
 * True when some mapping reads `$local`: a foreach keeps its iterations' locals only then, since
 * mappings that never read them (or none at all: the step's output is then `{}`) cannot tell them apart.
 */
export function readsLocal(mappings: readonly Mapping[] | undefined): boolean {
  return (mappings ?? []).some((mapping) => {
    if (typeof mapping.source !== 'string' || !mapping.source.startsWith('$')) return false;
    const parsed = parsePath(mapping.source);
    return parsed.ok && parsed.path.root === 'local';
  });
}

/** A copy of `object` with `value` at `keys` (objects on the way are copied, non-objects replaced). */
function setIn(object: JsonObject, keys: string[], value: Json): JsonObject {
  const [key, ...rest] = keys as [string, ...string[]];
  const existing = Object.hasOwn(object, key) ? object[key] : undefined;
  const next = rest.length === 0 ? value : setIn(isJsonObject(existing) ? existing : {}, rest, value);
  // A computed key in a literal defines an own property, even for `__proto__`.
  return { ...object, [key]: next };
}

/** The input of a child step without `inputMappings`: parent input merged with parent local (local wins). */
export function defaultInput(parentInput: JsonObject, parentLocal: JsonObject): JsonObject {
  return { ...parentInput, ...parentLocal };
}

/** A new object: `local` with `output` merged in (shallow; `output` wins on a clash). */
export function mergeInto(local: JsonObject, output: JsonObject): JsonObject {
  return { ...local, ...output };
}

/**
 * Resolves a task's `serviceParams` against its mapped input: `$` is the whole mapped input, `$.x`
 * (or `$input.x`) a path into it (a path that finds nothing leaves the key absent), anything else a
 * constant. Nested objects are resolved recursively; arrays are constants. `$local` and `$context`
 * paths see nothing here, so their keys are absent.
 */
export function resolveServiceParams(params: JsonObject, mappedInput: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(params)) {
    const resolved = resolveParam(value, mappedInput);
    if (resolved.found)
      Object.defineProperty(result, key, {
        value: resolved.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return result;
}

function resolveParam(value: Json, mappedInput: JsonObject): { found: true; value: Json } | { found: false } {
  if (isJsonObject(value)) return { found: true, value: resolveServiceParams(value, mappedInput) };
  if (typeof value !== 'string' || !value.startsWith('$')) return { found: true, value };
  const parsed = parsePath(value);
  if (!parsed.ok || parsed.path.root !== 'input') return { found: false };
  return readPath(parsed, mappedInput);
}

export type { MappingScope } from './paths.ts';
