/**
 * The tokenizer of choice conditions (see `./conditions.ts` for the grammar). Never evaluates text:
 * numbers and strings are decoded by hand, paths by `./path-syntax.ts`.
 */
import { scanPath, scanQuoted } from './path-syntax.ts';
import type { Json } from './types.ts';

/** The operators and punctuation of the condition language. */
export type ConditionOperator = '==' | '!=' | '>' | '>=' | '<' | '<=' | '&&' | '||' | '!' | '(' | ')';

/** One token; `offset` is its 0-based start in the condition text, `text` its source. */
export type ConditionToken =
  | { kind: 'literal'; value: Json; offset: number; text: string }
  | { kind: 'path'; path: string; offset: number; text: string }
  | { kind: 'operator'; op: ConditionOperator; offset: number; text: string }
  | { kind: 'end'; offset: number; text: string };

/** A syntax problem at `offset`. */
export interface ConditionProblem {
  message: string;
  offset: number;
}

/** Longest first, so that `>=` is not read as `>` then `=`. */
const OPERATORS: readonly ConditionOperator[] = ['==', '!=', '>=', '<=', '&&', '||', '>', '<', '!', '(', ')'];

/** Look-alikes from other languages, with the operator to use instead. */
const WRONG_OPERATORS: readonly (readonly [string, string])[] = [
  ['===', '=='],
  ['!==', '!='],
  ['<>', '!='],
  ['=>', '>='],
  ['=<', '<='],
  ['=', '=='],
  ['&', '&&'],
  ['|', '||'],
];

const WORD_OPERATORS: Readonly<Record<string, string>> = { and: '&&', or: '||', not: '!' };
const LITERAL_WORDS: Readonly<Record<string, Json>> = { true: true, false: false, null: null };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Splits a condition into tokens (the last is `end`), or reports the first lexical problem. */
export function tokenize(
  text: string,
): { ok: true; tokens: ConditionToken[] } | ({ ok: false } & ConditionProblem) {
  const tokens: ConditionToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const token = readToken(text, i);
    if ('message' in token) return { ok: false, ...token };
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ kind: 'end', offset: text.length, text: '' });
  return { ok: true, tokens };
}

function readToken(text: string, i: number): ConditionToken | ConditionProblem {
  const ch = text[i] as string;
  if (ch === '$') return readPath(text, i);
  if (ch === '"') {
    const quoted = scanQuoted(text, i);
    if (!quoted.ok) return quoted;
    return { kind: 'literal', value: quoted.value, offset: i, text: text.slice(i, quoted.end) };
  }
  if (ch === "'") return { message: 'strings use double quotes (`"…"`)', offset: i };
  if (ch === '-' || /\d/.test(ch)) return readNumber(text, i);
  if (/[A-Za-z_]/.test(ch)) return readWord(text, i);
  for (const [wrong, right] of WRONG_OPERATORS) {
    if (text.startsWith(wrong, i) && !isOperatorAt(text, i, wrong)) {
      return { message: `unknown operator \`${wrong}\`, use \`${right}\``, offset: i };
    }
  }
  const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
  if (op !== undefined) return { kind: 'operator', op, offset: i, text: op };
  return { message: `unexpected character \`${ch}\``, offset: i };
}

/** `==` starts with `=` and `!=` is not `!==`: a look-alike only counts where no real operator is longer. */
function isOperatorAt(text: string, i: number, wrong: string): boolean {
  const real = OPERATORS.find((candidate) => text.startsWith(candidate, i));
  return real !== undefined && real.length >= wrong.length;
}

function readPath(text: string, i: number): ConditionToken | ConditionProblem {
  const scan = scanPath(text, i);
  if (!scan.ok) return scan;
  const { path } = scan;
  if (path.root !== 'input') {
    const root = path.text.match(/^\$[A-Za-z]*/)?.[0] ?? path.text;
    return {
      message: `\`${root}\` cannot be used in a condition: a condition reads the choice step's input (\`$\` or \`$input\`)`,
      offset: i,
    };
  }
  if (path.multiAt !== null) {
    return {
      message:
        'wildcards are not allowed in conditions (nor `..` or slices): a condition compares single values',
      offset: i + path.multiAt,
    };
  }
  return { kind: 'path', path: path.text, offset: i, text: path.text };
}

function readNumber(text: string, i: number): ConditionToken | ConditionProblem {
  NUMBER.lastIndex = i;
  const match = NUMBER.exec(text);
  if (!match) return { message: 'expected a number after `-`', offset: i };
  const end = i + match[0].length;
  const next = text[end];
  if (next !== undefined && /[A-Za-z0-9_.$]/.test(next)) {
    const bad = text.slice(i).match(/^[-+A-Za-z0-9_.$]+/)?.[0] ?? match[0];
    return { message: `invalid number \`${bad}\``, offset: i };
  }
  const value = Number(match[0]);
  if (!Number.isFinite(value)) return { message: `number \`${match[0]}\` is out of range`, offset: i };
  return { kind: 'literal', value, offset: i, text: match[0] };
}

function readWord(text: string, i: number): ConditionToken | ConditionProblem {
  WORD.lastIndex = i;
  const word = (WORD.exec(text) as RegExpExecArray)[0];
  const lower = word.toLowerCase();
  if (Object.hasOwn(LITERAL_WORDS, word)) {
    return { kind: 'literal', value: LITERAL_WORDS[word] as Json, offset: i, text: word };
  }
  if (Object.hasOwn(WORD_OPERATORS, lower)) {
    return { message: `\`${word}\` is not an operator, use \`${WORD_OPERATORS[lower]}\``, offset: i };
  }
  if (Object.hasOwn(LITERAL_WORDS, lower)) {
    return { message: `unknown word \`${word}\`: the literals are lowercase (\`${lower}\`)`, offset: i };
  }
  return {
    message: `unknown word \`${word}\`: paths start with \`$\` (e.g. \`$.${word}\`) and strings are double-quoted`,
    offset: i,
  };
}
