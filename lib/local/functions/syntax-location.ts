/**
 * Where a syntax error of a JavaScript function module is: Node puts `file:line`, the line and a
 * caret above a CommonJS module's stack, but an ES module's `SyntaxError` carries no place at all;
 * `node --check FILE` prints it the CommonJS way for both. (tsx's errors for TypeScript say
 * `file:line:column` in their message already.)
 */
import { execFile } from 'node:child_process';
import type { ThrownParts } from './thread-protocol.ts';

/** How long `node --check` may take, in ms. */
const CHECK_TIMEOUT_MS = 10_000;

/** `file:line:column` from a `file:line` / source line / caret header, if `text` starts with one. */
export function headerLocation(text: string): string | undefined {
  const [first, , caret] = text.split('\n');
  const place = /^(\/.+):(\d+)$/.exec(first ?? '');
  if (place === null) return undefined;
  const column = caret?.indexOf('^') ?? -1;
  return column >= 0 ? `${place[1]}:${place[2]}:${column + 1}` : `${place[1]}:${place[2]}`;
}

/** The stderr of `node --check file` (empty when the file parses). */
function checkSyntax(file: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--check', file], { timeout: CHECK_TIMEOUT_MS }, (_error, _stdout, stderr) =>
      resolve(String(stderr)),
    );
  });
}

/** `file:line:column` of the syntax error `error` of the module `file`, when it is one and can be placed. */
export async function syntaxLocation(error: ThrownParts, file: string): Promise<string | undefined> {
  if (error.name !== 'SyntaxError' || !/\.[mc]?js$/.test(file)) return undefined;
  return headerLocation(error.stack) ?? headerLocation(await checkSyntax(file));
}
