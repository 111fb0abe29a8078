import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import { MAX_VALUE_NESTING_DEPTH } from './limits.ts';
import { didYouMean } from './suggest.ts';
import type { DefinitionIssue, Json, JsonObject, SourcePosition } from './types.ts';

/** One field of a mapping: its value node (null when the YAML value is missing), key node and path. */
export interface Field {
  name: string;
  value: Node | null;
  key: Node;
  path: string;
}

/** The known fields of a mapping, by name. */
export type Fields = Map<string, Field>;

/** `a.b` / `b` for the root. */
export function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** `a[3]`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Number bounds for {@link DefinitionReader.number}. */
export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  /** Wording of the rule in messages, e.g. "a positive integer". */
  describe: string;
}

/**
 * Walks a YAML document and collects issues with their source positions. Every accessor reports what
 * is wrong and returns `undefined`, so that validation goes on and reports every problem at once.
 */
export class DefinitionReader {
  /** Problems found so far, in discovery order. */
  readonly issues: DefinitionIssue[] = [];

  constructor(
    private readonly text: string,
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The source text between two offsets. */
  sourceText(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  /** The 1-based line and column where `node` starts (1:1 when unknown). */
  position(node: Node | null | undefined): SourcePosition {
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: 1, column: 1 };
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /** Records an issue at the start of `node`, optionally shifted right by `columnOffset`. */
  report(node: Node | null | undefined, path: string, message: string, columnOffset = 0): void {
    const { line, column } = this.position(node);
    this.issues.push({ path, line, column: column + columnOffset, message });
  }

  /** The node an alias points to (or the node itself). */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.document) as Node | undefined) ?? null;
    return (node as Node | null | undefined) ?? null;
  }

  /** Where to report a problem with a field's value: the value, or the key when the value is empty. */
  at(field: Field): Node {
    const value = field.value;
    if (value === null || (isScalar(value) && value.value === null && value.source === '')) return field.key;
    return value;
  }

  /** The node as a mapping, or an issue "`what` must be a mapping". */
  map(node: Node | null, at: Node | null, path: string, what: string): YAMLMap | undefined {
    if (isMap(node)) return node;
    this.report(
      node ?? at,
      path,
      `${what} must be a mapping (an object with fields), got ${this.describe(node)}`,
    );
    return undefined;
  }

  /**
   * The fields of a mapping, keyed by name. A field not in `known` is an issue at its key, worded by
   * `explain` when it returns a message (e.g. "not allowed on a pass step"), else "unknown field" with
   * a "did you mean" among `known`.
   */
  fields(
    map: YAMLMap,
    path: string,
    known: readonly string[],
    explain: (name: string) => string | undefined = () => undefined,
  ): Fields {
    const found: Fields = new Map();
    for (const pair of map.items as Pair<unknown, unknown>[]) {
      const key = this.resolve(pair.key);
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.report(key, path, `field names must be strings, got ${this.describe(key)}`);
        continue;
      }
      const name = key.value;
      const fieldPath = childPath(path, name);
      if (!known.includes(name)) {
        this.report(key, fieldPath, explain(name) ?? `unknown field \`${name}\`${didYouMean(name, known)}`);
        continue;
      }
      if (found.has(name)) continue; // the YAML parser already reported the duplicate key
      found.set(name, { name, value: this.resolve(pair.value), key, path: fieldPath });
    }
    return found;
  }

  /** The field, or an issue "missing required field" at the mapping. */
  required(fields: Fields, name: string, map: YAMLMap, path: string): Field | undefined {
    const field = fields.get(name);
    if (field === undefined) this.report(map, childPath(path, name), `missing required field \`${name}\``);
    return field;
  }

  /** A string value; `nonEmpty` refuses `""`. */
  string(field: Field, nonEmpty = false): string | undefined {
    const value = field.value;
    if (isScalar(value) && typeof value.value === 'string') {
      if (nonEmpty && value.value === '') {
        this.report(this.at(field), field.path, `\`${field.name}\` must not be empty`);
        return undefined;
      }
      return value.value;
    }
    this.report(
      this.at(field),
      field.path,
      `\`${field.name}\` must be a string, got ${this.describe(value)}`,
    );
    return undefined;
  }

  /** A boolean value (`true` / `false`). */
  boolean(field: Field): boolean | undefined {
    const value = field.value;
    if (isScalar(value) && typeof value.value === 'boolean') return value.value;
    this.report(
      this.at(field),
      field.path,
      `\`${field.name}\` must be true or false, got ${this.describe(value)}`,
    );
    return undefined;
  }

  /** A finite number within the rule's bounds. */
  number(field: Field, rule: NumberRule): number | undefined {
    const value = field.value;
    const n = isScalar(value) ? value.value : undefined;
    const fits =
      typeof n === 'number' &&
      Number.isFinite(n) &&
      (rule.integer !== true || Number.isSafeInteger(n)) &&
      (rule.min === undefined || n >= rule.min) &&
      (rule.max === undefined || n <= rule.max);
    if (fits) return n;
    this.report(
      this.at(field),
      field.path,
      `\`${field.name}\` must be ${rule.describe}, got ${this.describe(value)}`,
    );
    return undefined;
  }

  /** The items of a sequence (aliases resolved); `nonEmpty` refuses `[]`. */
  list(field: Field, nonEmpty: boolean, what = 'a list'): (Node | null)[] | undefined {
    const value = field.value;
    if (!isSeq(value)) {
      this.report(
        this.at(field),
        field.path,
        `\`${field.name}\` must be ${what}, got ${this.describe(value)}`,
      );
      return undefined;
    }
    if (nonEmpty && value.items.length === 0) {
      this.report(value, field.path, `\`${field.name}\` must not be empty`);
      return undefined;
    }
    return value.items.map((item) => this.resolve(item));
  }

  /** A non-empty list of non-empty strings (retry/catch `errors`). */
  stringList(field: Field): string[] | undefined {
    const items = this.list(field, true, 'a list of error names');
    if (items === undefined) return undefined;
    const strings: string[] = [];
    items.forEach((item, index) => {
      if (isScalar(item) && typeof item.value === 'string' && item.value !== '') strings.push(item.value);
      else
        this.report(
          item ?? field.key,
          indexPath(field.path, index),
          `expected a non-empty string, got ${this.describe(item)}`,
        );
    });
    return strings.length === items.length ? strings : undefined;
  }

  /** Converts a constant to JSON, reporting what JSON cannot hold (NaN, infinities, non-string keys). */
  json(node: Node | null, path: string, depth = 0): Json | undefined {
    if (depth > MAX_VALUE_NESTING_DEPTH) {
      this.report(node, path, `value is nested too deeply (more than ${MAX_VALUE_NESTING_DEPTH} levels)`);
      return undefined;
    }
    if (node === null) return null;
    if (isScalar(node)) {
      const v = node.value;
      if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      this.report(node, path, `value ${String(node.source ?? v)} is not representable in JSON`);
      return undefined;
    }
    if (isSeq(node)) {
      const out: Json[] = [];
      let ok = true;
      node.items.forEach((item, index) => {
        const value = this.json(this.resolve(item), indexPath(path, index), depth + 1);
        if (value === undefined) ok = false;
        else out.push(value);
      });
      return ok ? out : undefined;
    }
    if (isMap(node)) return this.jsonObject(node, path, depth);
    this.report(node, path, `unsupported value ${this.describe(node)}`);
    return undefined;
  }

  /** Converts a mapping constant to a JSON object. */
  jsonObject(map: YAMLMap, path: string, depth = 0): JsonObject | undefined {
    const out: JsonObject = {};
    let ok = true;
    for (const pair of map.items as Pair<unknown, unknown>[]) {
      const key = this.resolve(pair.key);
      if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
        this.report(key, path, `object keys must be strings, got ${this.describe(key)}`);
        ok = false;
        continue;
      }
      const name = String(key.value);
      const value = this.json(this.resolve(pair.value), childPath(path, name), depth + 1);
      if (value === undefined) ok = false;
      else out[name] = value;
    }
    return ok ? out : undefined;
  }

  /** A short description of a node's kind and value, for messages. */
  describe(node: Node | null): string {
    if (node === null) return 'nothing';
    if (isMap(node)) return 'a mapping';
    if (isSeq(node)) return 'a list';
    if (isScalar(node)) {
      const v = node.value;
      if (v === null) return 'null';
      if (typeof v === 'string')
        return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
      if (typeof v === 'number' || typeof v === 'bigint') return `the number ${String(node.source ?? v)}`;
      if (typeof v === 'boolean') return v ? 'true' : 'false';
    }
    return 'an unsupported value';
  }
}
