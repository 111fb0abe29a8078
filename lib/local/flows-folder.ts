/**
 * Flows from a folder (`--flows`): every `*.yaml`, `*.yml` and `*.json` file is a flow named after
 * the file. All files are checked before anything is stored, so that one bad file stops the start-up
 * with every problem of every file listed, and leaves the stored flows as they were.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import {
  type CheckedFlowFile,
  checkFlowFiles,
  FLOW_FILE_EXTENSIONS,
  type FlowFileText,
} from '../fdl/flow-files.ts';

/** One valid flow file. */
export type FolderFlow = CheckedFlowFile;

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
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? 'the flows folder does not exist'
        : code === 'ENOTDIR'
          ? 'the flows folder is not a folder'
          : `cannot read the flows folder: ${(error as Error).message}`;
    throw new FlowFolderError(dir, [`${dir}: ${problem}`]);
  }
  const files: FlowFileText[] = [];
  for (const entry of entries) {
    const file = join(dir, entry);
    files.push({ file, name: entry.slice(0, -extname(entry).length), text: await readFile(file, 'utf8') });
  }
  const { flows, problems } = checkFlowFiles(files);
  if (problems.length > 0) throw new FlowFolderError(dir, problems);
  return flows;
}

export { type StoredFlows, storeFolderFlows } from '../runtime/operations/store-flows.ts';
