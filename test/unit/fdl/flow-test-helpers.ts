import assert from 'node:assert/strict';
import type { DefinitionIssue, FlowDefinition, Step } from '../../../lib/fdl/index.ts';
import { parseFlow } from '../../../lib/fdl/index.ts';

/** A definition whose `steps:` list is the given lines (the first step line is line 4). */
export function flowText(...stepLines: string[]): string {
  return `${['version: v1', 'type: flow', 'steps:', ...stepLines].join('\n')}\n`;
}

/** Parses text that must be valid and returns the definition. */
export function definitionOf(text: string): FlowDefinition {
  const result = parseFlow(text);
  if (!result.ok) assert.fail(`expected a valid definition, got:\n${JSON.stringify(result.issues, null, 2)}`);
  return result.definition;
}

/** The first top-level step of a valid definition. */
export function firstStep(text: string): Step {
  const step = definitionOf(text).steps[0];
  assert.ok(step);
  return step;
}

/** Parses text that must be invalid and returns its issues. */
export function issuesOf(text: string): DefinitionIssue[] {
  const result = parseFlow(text);
  if (result.ok) assert.fail('expected issues, but the definition is valid');
  return result.issues;
}

/** What an issue is expected to be; `message` parts must all appear in the message. */
export interface ExpectedIssue {
  path: string;
  line: number;
  column: number;
  message: string | string[];
}

/** Asserts that `issues` contains one issue at `path` with the position and message parts. */
export function assertIssue(issues: readonly DefinitionIssue[], expected: ExpectedIssue): DefinitionIssue {
  const issue = issues.find((candidate) => candidate.path === expected.path);
  if (issue === undefined)
    assert.fail(`no issue at \`${expected.path}\`; issues:\n${JSON.stringify(issues, null, 2)}`);
  assert.deepEqual(
    { line: issue.line, column: issue.column },
    { line: expected.line, column: expected.column },
  );
  for (const part of [expected.message].flat()) {
    assert.ok(issue.message.includes(part), `message \`${issue.message}\` lacks \`${part}\``);
  }
  return issue;
}

/** Asserts the text has exactly one issue, with this path, position and message. */
export function assertOnlyIssue(text: string, expected: ExpectedIssue): DefinitionIssue {
  const issues = issuesOf(text);
  assert.equal(issues.length, 1, `expected one issue, got:\n${JSON.stringify(issues, null, 2)}`);
  return assertIssue(issues, expected);
}
