/**
 * Flows from a folder (`--flows`): every `*.yaml`, `*.yml` and `*.json` file is a flow named after
 * the file. All files are checked before anything is stored, so that one bad file stops the start-up
 * with every problem of every file listed, and leaves the stored flows as they were.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { formatDefinitionIssue } from '../fdl/format-issue.ts';
import { parseFlow, validateFlowName } from '../fdl/index.ts';
import type { FlowDefinition } from '../fdl/types.ts';
import { isOperationError } from '../runtime/errors.ts';
import type { Operations } from '../runtime/operations/index.ts';

/** Extensions of flow files. */
export const FLOW_FILE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** One valid flow file. */
export interface FolderFlow {
  name: string;
  file: string;
  text: string;
  definition: FlowDefinition;
}

/** Thrown when the folder cannot be read or a file is invalid; `problems` has one line each. */
export class FlowFolderError extends Error {
  override readonly name = 'FlowFolderError';
  readonly problems: string[];

  constructor(dir: string, problems: string[]) {
    super(`invalid flows in ${dir}:\n${problems.join('\n')}`);
    this.problems = problems;
  }
}

/** Reads and validates every flow file of `dir`, sorted by name. Throws `FlowFolderError`. */
export async function readFlowFolder(dir: string): Promise<FolderFlow[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && FLOW_FILE_EXTENSIONS.includes(extname(entry.name)))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new FlowFolderError(dir, [`${dir}: cannot read the flows folder: ${(error as Error).message}`]);
  }
  const flows: FolderFlow[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const file = join(dir, entry);
    const name = entry.slice(0, -extname(entry).length);
    const nameProblem = validateFlowName(name);
    if (nameProblem !== undefined)
      problems.push(`${file}: the file name is not a valid flow name: ${nameProblem}`);
    const other = seen.get(name);
    if (other !== undefined) problems.push(`${file}: flow '${name}' is also defined by ${other}`);
    seen.set(name, file);
    const text = await readFile(file, 'utf8');
    const parsed = parseFlow(text);
    if (!parsed.ok) {
      for (const issue of parsed.issues) problems.push(formatDefinitionIssue(file, issue));
      continue;
    }
    flows.push({ name, file, text, definition: parsed.definition });
  }
  if (problems.length > 0) throw new FlowFolderError(dir, problems);
  return flows;
}

/** What `storeFolderFlows` did with each flow. */
export interface StoredFlows {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/** Creates each flow, or updates it when its stored definition differs, through the operations. */
export async function storeFolderFlows(
  operations: Operations,
  flows: readonly FolderFlow[],
): Promise<StoredFlows> {
  const stored: StoredFlows = { created: [], updated: [], unchanged: [] };
  for (const flow of flows) {
    try {
      await operations.createFlow({ name: flow.name, definition: flow.text });
      stored.created.push(flow.name);
      continue;
    } catch (error) {
      if (!isOperationError(error, 'FlowAlreadyExists')) throw error;
    }
    const current = await operations.describeFlow({ name: flow.name });
    if (current.definition === flow.text) {
      stored.unchanged.push(flow.name);
    } else {
      await operations.updateFlow({ name: flow.name, definition: flow.text });
      stored.updated.push(flow.name);
    }
  }
  return stored;
}
