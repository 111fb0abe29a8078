/**
 * Flow files, checked the one way both `flowback serve --flows` and the CDK's `flowsDir` check them:
 * every problem of every file at once — a file name that is not a flow name, two files for one flow,
 * and each definition issue as `file:line:column path: message`.
 */
import { formatDefinitionIssue } from './format-issue.ts';
import { validateFlowName } from './names.ts';
import { parseFlow } from './parse.ts';
import type { FlowDefinition } from './types.ts';

/** Extensions of flow files (each such file in a flows folder is a flow named after the file). */
export const FLOW_FILE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** A flow file as read: its path, the flow name its file name gives, its text. */
export interface FlowFileText {
  file: string;
  name: string;
  text: string;
}

/** A valid flow file. */
export interface CheckedFlowFile extends FlowFileText {
  definition: FlowDefinition;
}

/** Checks flow files (in the order given); `problems` has one line each, empty when all are valid. */
export function checkFlowFiles(files: readonly FlowFileText[]): {
  flows: CheckedFlowFile[];
  problems: string[];
} {
  const flows: CheckedFlowFile[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const { file, name, text } of files) {
    const nameProblem = validateFlowName(name);
    if (nameProblem !== undefined)
      problems.push(`${file}: the file name is not a valid flow name: ${nameProblem}`);
    const other = seen.get(name);
    if (other !== undefined) problems.push(`${file}: flow '${name}' is also defined by ${other}`);
    seen.set(name, file);
    const parsed = parseFlow(text);
    if (!parsed.ok) {
      for (const issue of parsed.issues) problems.push(formatDefinitionIssue(file, issue));
      continue;
    }
    flows.push({ file, name, text, definition: parsed.definition });
  }
  return { flows, problems };
}
