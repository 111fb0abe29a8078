/**
 * The flow files of a folder, read and checked at synth time (constructs are built synchronously):
 * every `*.yaml`, `*.yml` and `*.json` file is a flow named after the file, exactly as
 * `flowback serve --flows` reads them. An invalid folder stops the synth with every problem listed,
 * before anything reaches CloudFormation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { checkFlowFiles, FLOW_FILE_EXTENSIONS } from '../fdl/flow-files.ts';

/** One flow file: its flow name and definition text. */
export interface FlowFile {
  readonly name: string;
  readonly definition: string;
}

/** The names of the flow files of `dir`, sorted. */
function flowFileNames(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && FLOW_FILE_EXTENSIONS.includes(extname(entry.name)))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new Error(`FlowEngine flowsDir: cannot read ${dir}: ${(error as Error).message}`);
  }
}

/**
 * Reads and checks every flow file of `dir`, sorted by name.
 * @throws Error listing every problem (file names, duplicate names, definition issues).
 */
export function readFlowFiles(dir: string): FlowFile[] {
  const { flows, problems } = checkFlowFiles(
    flowFileNames(dir).map((entry) => {
      const file = join(dir, entry);
      return { file, name: entry.slice(0, -extname(entry).length), text: readFileSync(file, 'utf8') };
    }),
  );
  if (problems.length > 0)
    throw new Error(`FlowEngine flowsDir: invalid flows in ${dir}:\n${problems.join('\n')}`);
  return flows.map(({ name, text }) => ({ name, definition: text }));
}
