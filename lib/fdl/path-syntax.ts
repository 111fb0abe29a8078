/**
 * The syntax of `$` paths (mapping sources, foreach collections, wait paths, serviceParams values and
 * choice-condition operands). A deliberately small JSONPath subset: keys (`.a`, `["a b"]`, `['a']`),
 * indices (`[0]`), wildcards (`.*`, `[*]`), descendants (`..`) and slices (`[1:3]`). Filter and
 * script expressions are refused here, so no user text ever reaches an evaluator.
 */

/** Which value a path reads: the "from" input (`$`, `$input`), the "from" local, or the context. */
export type PathRoot = 'input' | 'local' | 'context';

/** One step of a parsed path. Indices are keys too (`[0]` ≡ `["0"]`), as in jsonpath-plus. */
export type PathSegment =
  | { kind: 'key'; key: string }
  | { kind: 'wildcard' }
  | { kind: 'descendants' }
  | { kind: 'slice'; text: string };

/** A syntactically valid path. */
export interface ParsedPath {
  /** The path as written. */
  text: string;
  root: PathRoot;
  segments: PathSegment[];
  /**
   * Offset (in `text`) of the first wildcard, `..` or slice, or `null` when there is none. A path with
   * one can match several values, so it always yields an array.
   */
  multiAt: number | null;
}

/** Result of {@link scanPath}: the path and the offset just after it, or the first problem. */
export type PathScan =
  | { ok: true; path: ParsedPath; end: number }
  | { ok: false; message: string; offset: number };

const ROOTS: Readonly<Record<string, PathRoot>> = {
  $: 'input',
  $input: 'input',
  $local: 'local',
  $context: 'context',
};

const SLICE = /^(-?\d+)?:(-?\d+)?(?::(-?\d+)?)?$/;
const INDEX = /^\d+$/;

/** Characters of an unquoted key: ASCII letters, digits, `_`, `-`, and anything non-ASCII. */
export function isKeyChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  return /[A-Za-z0-9_-]/.test(ch) || ch.charCodeAt(0) >= 0x80;
}

type Step = { ok: true; segment: PathSegment; end: number } | { ok: false; message: string; offset: number };

function fail(message: string, offset: number): { ok: false; message: string; offset: number } {
  return { ok: false, message, offset };
}

/**
 * Scans a path that starts at `text[start]` (which must be `$`) and stops at the first character
 * that cannot continue it, so that a caller can embed paths in a larger text (conditions).
 * Offsets in messages are offsets in `text`.
 */
export function scanPath(text: string, start: number): PathScan {
  let i = start + 1;
  while (/[A-Za-z]/.test(text[i] ?? '')) i++;
  const rootText = text.slice(start, i);
  const root = ROOTS[rootText];
  if (root === undefined || text[start] !== '$') {
    return fail(
      `unknown path root \`${rootText}\`: use \`$\`, \`$input\`, \`$local\` or \`$context\``,
      start,
    );
  }
  const segments: PathSegment[] = [];
  let multiAt: number | null = null;
  while (text[i] === '.' || text[i] === '[') {
    const at = i;
    const step = text[i] === '[' ? scanBracket(text, i) : scanDot(text, i);
    if (!step.ok) return step;
    if (step.segment.kind !== 'key' && multiAt === null) multiAt = at - start;
    if (step.segment.kind === 'descendants') {
      segments.push(step.segment);
      i = step.end;
      if (text[i] === '[') continue;
      const next = scanName(text, i);
      if (!next.ok) return fail('expected a key, `*` or `[` after `..`', i);
      segments.push(next.segment);
      i = next.end;
      continue;
    }
    segments.push(step.segment);
    i = step.end;
  }
  return { ok: true, path: { text: text.slice(start, i), root, segments, multiAt }, end: i };
}

function scanDot(text: string, i: number): Step {
  if (text[i + 1] === '.') return { ok: true, segment: { kind: 'descendants' }, end: i + 2 };
  const name = scanName(text, i + 1);
  return name.ok ? name : fail('expected a key or `*` after `.`', i + 1);
}

function scanName(text: string, i: number): Step {
  if (text[i] === '*') return { ok: true, segment: { kind: 'wildcard' }, end: i + 1 };
  let end = i;
  while (isKeyChar(text[end])) end++;
  if (end === i) return fail('expected a key', i);
  return { ok: true, segment: { kind: 'key', key: text.slice(i, end) }, end };
}

function scanBracket(text: string, open: number): Step {
  const i = open + 1;
  const ch = text[i];
  if (ch === '?' || ch === '(') {
    return fail('filter and script expressions are not allowed (no user text is ever evaluated)', i);
  }
  if (ch === '"' || ch === "'") {
    const quoted = scanQuoted(text, i);
    if (!quoted.ok) return quoted;
    if (text[quoted.end] !== ']') return fail('expected `]` after the quoted key', quoted.end);
    return { ok: true, segment: { kind: 'key', key: quoted.value }, end: quoted.end + 1 };
  }
  const close = text.indexOf(']', i);
  if (close < 0) return fail('missing `]`', open);
  const inner = text.slice(i, close);
  if (inner === '*') return { ok: true, segment: { kind: 'wildcard' }, end: close + 1 };
  if (INDEX.test(inner))
    return { ok: true, segment: { kind: 'key', key: String(Number(inner)) }, end: close + 1 };
  if (/^-\d+$/.test(inner)) return fail('negative indices are not supported; use a slice such as `[-1:]`', i);
  const slice = SLICE.exec(inner);
  if (slice) {
    if (slice[3] !== undefined && Number(slice[3]) <= 0) return fail('a slice step must be positive', i);
    return { ok: true, segment: { kind: 'slice', text: inner }, end: close + 1 };
  }
  if (inner.includes(',')) return fail('unions (`[a,b]`) are not supported', i);
  if (inner.includes('(') || inner.includes('@')) {
    return fail('filter and script expressions are not allowed (no user text is ever evaluated)', i);
  }
  return fail(`expected a quoted key, an index, \`*\` or a slice inside \`[ ]\`, found \`${inner}\``, i);
}

/** Scans a quoted key: `"…"` with JSON escapes, or `'…'` where `\'` and `\\` are the escapes. */
export function scanQuoted(
  text: string,
  open: number,
): { ok: true; value: string; end: number } | { ok: false; message: string; offset: number } {
  const quote = text[open];
  let value = '';
  let i = open + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === quote) return { ok: true, value, end: i + 1 };
    if (ch < ' ') return fail('control characters must be escaped in a string', i);
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const decoded = readEscape(text, i, quote === '"');
    if (!decoded.ok) return decoded;
    value += decoded.value;
    i = decoded.end;
  }
  return fail('unterminated string', open);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function readEscape(
  text: string,
  at: number,
  json: boolean,
): { ok: true; value: string; end: number } | { ok: false; message: string; offset: number } {
  const ch = text[at + 1];
  if (!json) {
    if (ch === "'" || ch === '\\') return { ok: true, value: ch, end: at + 2 };
    return fail("only `\\'` and `\\\\` are escapes in a single-quoted key", at);
  }
  if (ch === 'u') {
    const hex = text.slice(at + 2, at + 6);
    if (!/^[0-9A-Fa-f]{4}$/.test(hex)) return fail('`\\u` must be followed by four hex digits', at);
    return { ok: true, value: String.fromCharCode(Number.parseInt(hex, 16)), end: at + 6 };
  }
  const simple = ch === undefined ? undefined : SIMPLE_ESCAPES[ch];
  if (simple === undefined) return fail(`invalid escape \`\\${ch ?? ''}\``, at);
  return { ok: true, value: simple, end: at + 2 };
}
