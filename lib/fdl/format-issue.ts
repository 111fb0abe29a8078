import type { DefinitionIssue } from './types.ts';

/** `FILE:LINE:COLUMN path: message`, the one way a definition issue is printed. */
export function formatDefinitionIssue(file: string, issue: DefinitionIssue): string {
  const where = issue.path === '' ? '' : `${issue.path}: `;
  return `${file}:${issue.line}:${issue.column} ${where}${issue.message}`;
}
