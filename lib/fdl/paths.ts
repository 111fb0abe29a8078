import { JSONPath } from 'jsonpath-plus';
import { isJsonObject } from './json-values.ts';
import { type ParsedPath, type PathSegment, scanPath } from './path-syntax.ts';
import type { Json, JsonObject } from './types.ts';

/** Result of {@link parsePath}. */
export type PathParse =
  | { ok: true; path: ParsedPath; jsonPath: string }
  | { ok: false; message: string; offset: number };

/** The values a mapping reads from: `$`/`$input` → `input`, `$local` → `local`, `$context` → `context`. */
export interface MappingScope {
  input: Json;
  local: Json;
  context: JsonObject;
}

/** What reading a source gives: a value, or nothing (a path that matched nothing). */
export type SourceValue = { found: true; value: Json } | { found: false };

/** Parsed paths by text. Definitions hold few distinct paths; the bound only guards against abuse. */
const cache = new Map<string, PathParse>();
const CACHE_LIMIT = 10_000;
const CANONICAL_INDEX = /^(?:0|[1-9]\d*)$/;

/** Keys that jsonpath-plus reads as operators rather than property names. */
const JSONPATH_SPECIAL_KEY = /^(?:\*|\.\.|\^|~|\$|@.*|\?\(.*|\(.*|-?\d*:.*|.*,.*)$/s;

/**
 * Parses a whole `$` path (cached). Besides the syntax of `./path-syntax.ts`, a path with a
 * wildcard, `..` or a slice is checked to survive jsonpath-plus's own parsing unchanged.
 */
export function parsePath(text: string): PathParse {
  const cached = cache.get(text);
  if (cached) return cached;
  const parsed = parseUncached(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

function parseUncached(text: string): PathParse {
  if (!text.startsWith('$')) return { ok: false, message: 'a path must start with `$`', offset: 0 };
  const scan = scanPath(text, 0);
  if (!scan.ok) return scan;
  if (scan.end < text.length) return { ok: false, message: unexpected(text, scan.end), offset: scan.end };
  const jsonPath = toJsonPath(scan.path.segments);
  if (scan.path.multiAt !== null) {
    const problem = jsonPathProblem(scan.path.segments, jsonPath);
    if (problem !== undefined) return { ok: false, message: problem, offset: scan.path.multiAt };
  }
  return { ok: true, path: scan.path, jsonPath };
}

function unexpected(text: string, at: number): string {
  const ch = text[at] as string;
  if (ch === '(' || ch === '?' || ch === '@') {
    return 'filter and script expressions are not allowed (no user text is ever evaluated)';
  }
  if (ch === '~' || ch === '^') return `the jsonpath-plus operator \`${ch}\` is not supported`;
  return `unexpected \`${ch}\` in the path`;
}

function toJsonPath(segments: PathSegment[]): string {
  let out = '$';
  for (const segment of segments) {
    if (segment.kind === 'key') out += `['${segment.key}']`;
    else if (segment.kind === 'wildcard') out += '[*]';
    else if (segment.kind === 'descendants') out += '..';
    else out += `[${segment.text}]`;
  }
  return out;
}

function jsonPathProblem(segments: PathSegment[], jsonPath: string): string | undefined {
  const expected = ['$'];
  for (const segment of segments) {
    if (segment.kind === 'key') {
      if (JSONPATH_SPECIAL_KEY.test(segment.key) || segment.key === '') {
        return `the key \`${segment.key}\` cannot be used in a path with a wildcard, \`..\` or a slice`;
      }
      expected.push(segment.key);
    } else {
      expected.push(segment.kind === 'wildcard' ? '*' : segment.kind === 'descendants' ? '..' : segment.text);
    }
  }
  let actual: string[];
  try {
    actual = JSONPath.toPathArray(jsonPath);
  } catch {
    return 'jsonpath-plus cannot parse this path';
  }
  const same = actual.length === expected.length && actual.every((part, i) => part === expected[i]);
  return same ? undefined : 'a key in this path cannot be used with a wildcard, `..` or a slice';
}

/**
 * Checks a `$` path used as a mapping source, foreach collection, wait `duration`/`timestamp` or
 * serviceParams value. Returns a message for the first problem (without the path itself, which the
 * caller quotes), or `undefined` when the path is valid.
 * Roots: `$` (whole input), `$.…`/`$[…]`, `$input…`, `$local…`, `$context…`.
 */
export function checkSourcePath(path: string): string | undefined {
  const parsed = parsePath(path);
  if (parsed.ok) return undefined;
  return `${parsed.message} (at offset ${parsed.offset})`;
}

/**
 * Reads a parsed path from the value its root names. A path with a wildcard, `..` or a slice always
 * yields an array (possibly empty); a single-valued path that matches nothing yields nothing.
 * Single-valued paths see only JSON members (object keys, array indices), never e.g. `length`.
 */
export function readPath(parsed: { path: ParsedPath; jsonPath: string }, root: Json): SourceValue {
  if (parsed.path.multiAt !== null) {
    if (typeof root !== 'object' || root === null) return { found: true, value: [] };
    const matches: unknown = JSONPath({ path: parsed.jsonPath, json: root, wrap: true, eval: false });
    return { found: true, value: Array.isArray(matches) ? (matches as Json[]) : [] };
  }
  let value: Json = root;
  for (const segment of parsed.path.segments) {
    // Only key segments remain in a single-valued path.
    const key = (segment as { key: string }).key;
    if (Array.isArray(value)) {
      if (!CANONICAL_INDEX.test(key) || Number(key) >= value.length) return { found: false };
      value = value[Number(key)] as Json;
    } else if (isJsonObject(value) && Object.hasOwn(value, key)) {
      value = value[key] as Json;
    } else {
      return { found: false };
    }
  }
  return { found: true, value };
}

/**
 * Reads a mapping source. A source that is not a string starting with `$` is a constant and is
 * returned as it is. A path reads `scope.input` (`$`, `$.x`, `$input.x`), `scope.local` (`$local…`) or
 * `scope.context` (`$context…`). A path that does not parse (refused at validation) yields nothing.
 */
export function readSource(source: Json, scope: MappingScope): SourceValue {
  if (typeof source !== 'string' || !source.startsWith('$')) return { found: true, value: source };
  const parsed = parsePath(source);
  if (!parsed.ok) return { found: false };
  const { root } = parsed.path;
  return readPath(parsed, root === 'input' ? scope.input : root === 'local' ? scope.local : scope.context);
}
