/**
 * Choice conditions: a small expression language, tokenized and parsed by hand (never `eval`).
 *
 * ```text
 * condition  := or
 * or         := and ( "||" and )*
 * and        := comparison ( "&&" comparison )*
 * comparison := unary ( ( "==" | "!=" | ">" | ">=" | "<" | "<=" ) unary )?
 * unary      := "!" unary | primary
 * primary    := number | string | "true" | "false" | "null" | path | "(" or ")"
 * path       := "$" | "$input", then keys and indices (`.a`, `["a b"]`, `[0]`); no wildcards
 * ```
 */
import { type ConditionOperator, type ConditionToken, tokenize } from './condition-lexer.ts';
import { jsonEquals } from './json-values.ts';
import { parsePath, readPath } from './paths.ts';
import type { Condition, Json, JsonObject } from './types.ts';

/** Result of {@link parseCondition}; `offset` is the 0-based index in the text of the problem. */
export type ConditionParse =
  | { ok: true; condition: Condition }
  | { ok: false; message: string; offset: number };

type CompareOp = Extract<Condition, { kind: 'compare' }>['op'];

const COMPARE_OPS: ReadonlySet<ConditionOperator> = new Set(['==', '!=', '>', '>=', '<', '<=']);
/** Deeper nesting is refused rather than risking the stack. */
const MAX_DEPTH = 100;

/** Thrown inside the parser only; {@link parseCondition} turns it into a result. */
class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Parses a choice condition. On failure the message names the problem and its offset
 * (`unexpected \`)\` at offset 9`), and `offset` locates it in `text`.
 */
export function parseCondition(text: string): ConditionParse {
  const lexed = tokenize(text);
  if (!lexed.ok)
    return { ok: false, message: `${lexed.message} at offset ${lexed.offset}`, offset: lexed.offset };
  if (lexed.tokens.length === 1) return { ok: false, message: 'the condition is empty', offset: 0 };
  try {
    return { ok: true, condition: new Parser(lexed.tokens).parseAll() };
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return { ok: false, message: `${error.message} at offset ${error.offset}`, offset: error.offset };
  }
}

class Parser {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: ConditionToken[]) {}

  parseAll(): Condition {
    const condition = this.parseOr();
    const token = this.peek();
    if (token.kind === 'end') return condition;
    if (isOp(token, ')')) throw new SyntaxProblem('unexpected `)`', token.offset);
    throw new SyntaxProblem(
      `expected an operator (\`==\`, \`&&\`, \`||\`, …) before \`${token.text}\``,
      token.offset,
    );
  }

  private parseOr(): Condition {
    let left = this.parseAnd();
    while (isOp(this.peek(), '||')) {
      this.position++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parseComparison();
    while (isOp(this.peek(), '&&')) {
      this.position++;
      left = { kind: 'and', left, right: this.parseComparison() };
    }
    return left;
  }

  private parseComparison(): Condition {
    const left = this.parseUnary();
    const token = this.peek();
    if (token.kind !== 'operator' || !COMPARE_OPS.has(token.op)) return left;
    this.position++;
    const right = this.parseUnary();
    const after = this.peek();
    if (after.kind === 'operator' && COMPARE_OPS.has(after.op)) {
      throw new SyntaxProblem('comparisons cannot be chained; combine them with `&&`', after.offset);
    }
    return { kind: 'compare', op: token.op as CompareOp, left, right };
  }

  private parseUnary(): Condition {
    const token = this.peek();
    if (!isOp(token, '!')) return this.parsePrimary();
    this.position++;
    return this.nested(token, () => ({ kind: 'not', operand: this.parseUnary() }));
  }

  private parsePrimary(): Condition {
    const token = this.peek();
    if (token.kind === 'literal') {
      this.position++;
      return { kind: 'literal', value: token.value };
    }
    if (token.kind === 'path') {
      this.position++;
      return { kind: 'path', path: token.path };
    }
    if (token.kind === 'end')
      throw new SyntaxProblem('expected an operand at the end of the condition', token.offset);
    if (!isOp(token, '('))
      throw new SyntaxProblem(`expected an operand, found \`${token.text}\``, token.offset);
    this.position++;
    const inner = this.nested(token, () => this.parseOr());
    const close = this.peek();
    if (!isOp(close, ')')) {
      throw new SyntaxProblem(
        `the \`(\` at offset ${token.offset} is not closed: missing \`)\``,
        close.offset,
      );
    }
    this.position++;
    return inner;
  }

  private nested(token: ConditionToken, parse: () => Condition): Condition {
    if (++this.depth > MAX_DEPTH) {
      throw new SyntaxProblem(`the condition nests more than ${MAX_DEPTH} levels deep`, token.offset);
    }
    const result = parse();
    this.depth--;
    return result;
  }

  private peek(): ConditionToken {
    return this.tokens[this.position] ?? (this.tokens.at(-1) as ConditionToken);
  }
}

function isOp(token: ConditionToken, op: ConditionOperator): boolean {
  return token.kind === 'operator' && token.op === op;
}

/**
 * Evaluates a parsed condition against the choice step's input. The condition holds only if it
 * evaluates to exactly `true`; a bare operand (`$.approved`) is therefore true only for `true`.
 *
 * - A path reads the input; a path that matches nothing is `null`.
 * - `==` compares type and value, deeply for arrays and objects, without coercion (`"95" == 95` is
 *   false); `!=` is its negation.
 * - `>`, `>=`, `<`, `<=` compare two numbers, or two strings by UTF-16 code units; any other pair is false.
 * - `&&`, `||` and `!` treat only `true` as true: `!x` is `x !== true`, so `!null`, `!"yes"` and
 *   `!$.missing` are all `true`.
 */
export function evaluateCondition(condition: Condition, input: JsonObject): boolean {
  return evaluate(condition, input) === true;
}

function evaluate(condition: Condition, input: JsonObject): Json {
  switch (condition.kind) {
    case 'literal':
      return condition.value;
    case 'path': {
      const parsed = parsePath(condition.path);
      if (!parsed.ok || parsed.path.root !== 'input' || parsed.path.multiAt !== null) return null;
      const read = readPath(parsed, input);
      return read.found ? read.value : null;
    }
    case 'not':
      return evaluate(condition.operand, input) !== true;
    case 'and':
      return evaluate(condition.left, input) === true && evaluate(condition.right, input) === true;
    case 'or':
      return evaluate(condition.left, input) === true || evaluate(condition.right, input) === true;
    case 'compare':
      return compare(condition.op, evaluate(condition.left, input), evaluate(condition.right, input));
  }
}

function compare(op: CompareOp, left: Json, right: Json): boolean {
  if (op === '==') return jsonEquals(left, right);
  if (op === '!=') return !jsonEquals(left, right);
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const [a, b] = [left as number | string, right as number | string];
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}
