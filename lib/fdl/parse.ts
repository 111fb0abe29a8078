import type { Document, YAMLError } from 'yaml';
import { LineCounter, parseDocument } from 'yaml';
import { MAX_DEFINITION_BYTES, MAX_REPORTED_ISSUES } from './limits.ts';
import { DefinitionReader } from './reader.ts';
import { FLOW_FIELDS, FLOW_VERSIONS } from './step-fields.ts';
import { didYouMean } from './suggest.ts';
import type { DefinitionIssue, FlowDefinition } from './types.ts';
import { readMappings } from './validate-mappings.ts';
import { readStepList } from './validate-steps.ts';

/** Result of {@link parseFlow}: the typed definition, or every problem found. */
export type ParseFlowResult =
  | { ok: true; definition: FlowDefinition }
  | { ok: false; issues: DefinitionIssue[] };

/** YAML errors after which the document is still worth validating (its structure is intact). */
const RECOVERABLE_YAML_ERRORS: ReadonlySet<string> = new Set(['DUPLICATE_KEY']);

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function yamlIssue(error: YAMLError): DefinitionIssue {
  const position = error.linePos?.[0];
  // The parser's message repeats the position and appends a code frame: keep the first sentence.
  const firstLine = error.message.split('\n')[0] ?? error.message;
  const cleaned = firstLine.replace(/ at line \d+, column \d+:?$/, '');
  const message = error.message.includes('Maximum call stack')
    ? 'the document is nested too deeply'
    : cleaned;
  return { path: '', line: position?.line ?? 1, column: position?.col ?? 1, message: `YAML: ${message}` };
}

/** Sorts by position, drops exact repeats, and keeps at most {@link MAX_REPORTED_ISSUES}. */
function finishIssues(issues: DefinitionIssue[]): DefinitionIssue[] {
  const seen = new Set<string>();
  const unique = [...issues]
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .filter((issue) => {
      const key = `${issue.line}:${issue.column}:${issue.path}:${issue.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  if (unique.length <= MAX_REPORTED_ISSUES) return unique;
  const kept = unique.slice(0, MAX_REPORTED_ISSUES);
  const last = kept[kept.length - 1] ?? { line: 1, column: 1 };
  const message = `too many problems: ${unique.length - MAX_REPORTED_ISSUES} more not shown`;
  kept.push({ path: '', line: last.line, column: last.column, message });
  return kept;
}

function readDocument(reader: DefinitionReader, document: Document): FlowDefinition | undefined {
  const root = reader.resolve(document.contents);
  if (root === null) {
    reader.report(null, '', 'the definition is empty: expected `version`, `type` and `steps`');
    return undefined;
  }
  const map = reader.map(root, root, '', 'the definition');
  if (map === undefined) return undefined;
  const fields = reader.fields(map, '', FLOW_FIELDS);

  const versionField = reader.required(fields, 'version', map, '');
  let version = versionField && reader.string(versionField);
  if (versionField && version !== undefined && !(FLOW_VERSIONS as readonly string[]).includes(version)) {
    const hint = didYouMean(version, FLOW_VERSIONS);
    reader.report(
      reader.at(versionField),
      'version',
      `unsupported version \`${version}\`${hint}: expected v1 or v1beta1`,
    );
    version = undefined;
  }
  const typeField = reader.required(fields, 'type', map, '');
  const type = typeField && reader.string(typeField);
  if (typeField && type !== undefined && type !== 'flow') {
    reader.report(reader.at(typeField), 'type', `unsupported type \`${type}\`: expected \`flow\``);
  }
  const stepsField = reader.required(fields, 'steps', map, '');
  const steps = stepsField && readStepList(reader, stepsField, 1);

  const inputField = fields.get('inputMappings');
  const outputField = fields.get('outputMappings');
  const timeoutField = fields.get('timeoutSeconds');
  const inputMappings = inputField && readMappings(reader, inputField);
  const outputMappings = outputField && readMappings(reader, outputField);
  const timeoutSeconds =
    timeoutField && reader.number(timeoutField, { integer: true, min: 1, describe: 'a positive integer' });

  if (steps === undefined || (version !== 'v1' && version !== 'v1beta1')) return undefined;
  const definition: FlowDefinition = { version, type: 'flow', steps };
  if (inputMappings !== undefined) definition.inputMappings = inputMappings;
  if (outputMappings !== undefined) definition.outputMappings = outputMappings;
  if (timeoutSeconds !== undefined) definition.timeoutSeconds = timeoutSeconds;
  return definition;
}

/**
 * Parses and validates a flow definition (YAML 1.2 or JSON text).
 *
 * Every problem is reported at once, each with its path (`steps[2].choices[0].goto`), 1-based line and
 * column, sorted by position. A text over {@link MAX_DEFINITION_BYTES} gives a single issue at 1:1.
 * On success the definition has every default filled in (`end`, `pattern`, retry fields, `retry`,
 * `catch`), a `position` on each step, the parsed `resource` of each task and the parsed `expression`
 * of each choice option.
 */
export function parseFlow(text: string): ParseFlowResult {
  const bytes = utf8Length(text);
  if (bytes > MAX_DEFINITION_BYTES) {
    const message = `the definition is ${bytes} bytes, over the limit of ${MAX_DEFINITION_BYTES} bytes (128 KiB)`;
    return { ok: false, issues: [{ path: '', line: 1, column: 1, message }] };
  }
  const lines = new LineCounter();
  let document: Document;
  try {
    document = parseDocument(text, {
      lineCounter: lines,
      keepSourceTokens: true,
      uniqueKeys: true,
      version: '1.2',
    });
  } catch (error) {
    // The YAML parser recurses on nesting; pathological input can exhaust the stack.
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      issues: [{ path: '', line: 1, column: 1, message: `YAML: cannot parse: ${message}` }],
    };
  }
  const reader = new DefinitionReader(text, document, lines);
  const syntaxIssues = document.errors.map(yamlIssue);
  const recoverable = document.errors.every((error) => RECOVERABLE_YAML_ERRORS.has(error.code));
  const definition = recoverable ? readDocument(reader, document) : undefined;
  const issues = finishIssues([...syntaxIssues, ...reader.issues]);
  if (issues.length > 0 || definition === undefined) {
    if (issues.length === 0) issues.push({ path: '', line: 1, column: 1, message: 'invalid definition' });
    return { ok: false, issues };
  }
  return { ok: true, definition };
}
