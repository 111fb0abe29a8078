import { readFileSync } from 'node:fs';
import type { JsonObject } from '../fdl/types.ts';

/** A command-line value that cannot be used; the message says why (shown as `InvalidArgument: …`). */
export class ArgumentError extends Error {
  override readonly name = 'ArgumentError';
}

/**
 * A JSON object given inline (`'{"a":1}'`) or as `@file.json`. Errors say which option, where the
 * JSON breaks, and what was expected.
 */
export function jsonObjectArgument(option: string, value: string): JsonObject {
  const fromFile = value.startsWith('@');
  let text = value;
  if (fromFile) {
    const path = value.slice(1);
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw new ArgumentError(`${option}: cannot read ${path}: ${reason}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const where = fromFile ? `the file ${value.slice(1)}` : 'the value';
    const hint = fromFile ? '' : ` (quote it for the shell, e.g. ${option} '{"a":1}', or give @file.json)`;
    throw new ArgumentError(`${option}: ${where} is not valid JSON: ${(error as Error).message}${hint}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ArgumentError(
      `${option}: expected a JSON object such as {"key": "value"}, got ${JSON.stringify(parsed)}`,
    );
  }
  return parsed as JsonObject;
}

/** A whole number option within bounds. */
export function integerArgument(option: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ArgumentError(
      `${option}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return number;
}

/** The text of a file given by path (a definition). */
export function fileArgument(option: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ArgumentError(`${option}: cannot read ${path}: ${reason}`);
  }
}
