import type { Node, YAMLMap } from 'yaml';
import { isScalar } from 'yaml';
import { MAX_STEP_NESTING_DEPTH } from './limits.ts';
import { validateStepName } from './names.ts';
import type { DefinitionReader, Field, Fields } from './reader.ts';
import { indexPath } from './reader.ts';
import { ANY_STEP_FIELDS, explainStepField, STEP_FIELDS, STEP_TYPES } from './step-fields.ts';
import { didYouMean } from './suggest.ts';
import type { Mapping, SourcePosition, Step, StepType } from './types.ts';
import { readChoice, readForeach, readParallel } from './validate-control.ts';
import { readFail, readPass, readSucceed, readWait } from './validate-leaf-steps.ts';
import { readMappings } from './validate-mappings.ts';
import { readTask } from './validate-task.ts';

/** A `goto` found while reading a step list; it must name a step of that same list. */
export interface GotoRef {
  target: string;
  at: Node;
  path: string;
  /** Name of the step that holds the goto (for messages). */
  holder: string;
}

/** What a step reader gets besides its fields: the reader, the goto sink and nested-list reading. */
export interface StepScope {
  reader: DefinitionReader;
  gotos: GotoRef[];
  /** Reads a nested `steps` list one level deeper. */
  readSteps(field: Field): Step[] | undefined;
}

/** The already-read common part of a step. */
export interface StepInput {
  map: YAMLMap;
  path: string;
  fields: Fields;
  common: { name: string; position: SourcePosition; inputMappings?: Mapping[]; outputMappings?: Mapping[] };
  end: boolean;
}

/** Reads the type-specific part of one step type; `undefined` when it has issues. */
export type StepReader = (scope: StepScope, input: StepInput) => Step | undefined;

const READERS: Readonly<Record<StepType, StepReader>> = {
  task: readTask,
  pass: readPass,
  choice: readChoice,
  parallel: readParallel,
  foreach: readForeach,
  wait: readWait,
  succeed: readSucceed,
  fail: readFail,
};

function readType(reader: DefinitionReader, map: YAMLMap, path: string): StepType | undefined {
  const node = reader.resolve(map.get('type', true));
  const typePath = `${path}.type`;
  if (node === null) {
    if (!map.has('type')) reader.report(map, typePath, 'missing required field `type`');
    else reader.report(map, typePath, '`type` must be one of the step types');
    return undefined;
  }
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'string' && (STEP_TYPES as readonly string[]).includes(value))
    return value as StepType;
  const shown = typeof value === 'string' ? `\`${value}\`` : reader.describe(node);
  const hint = typeof value === 'string' ? didYouMean(value, STEP_TYPES) : '';
  reader.report(
    node,
    typePath,
    `unknown step type ${shown}${hint}: expected one of ${STEP_TYPES.join(', ')}`,
  );
  return undefined;
}

interface ReadStepResult {
  step: Step | undefined;
  name: string | undefined;
  nameNode: Node | undefined;
}

function readStep(
  reader: DefinitionReader,
  item: Node | null,
  path: string,
  scope: StepScope,
): ReadStepResult {
  const none: ReadStepResult = { step: undefined, name: undefined, nameNode: undefined };
  const map = reader.map(item, item, path, 'a step');
  if (map === undefined) return none;
  const type = readType(reader, map, path);
  const fields =
    type === undefined
      ? reader.fields(map, path, ANY_STEP_FIELDS)
      : reader.fields(map, path, STEP_FIELDS[type], (field) => explainStepField(type, field));
  const nameField = reader.required(fields, 'name', map, path);
  let name = nameField && reader.string(nameField);
  if (nameField && name !== undefined) {
    const problem = validateStepName(name);
    if (problem !== undefined) {
      reader.report(reader.at(nameField), nameField.path, problem);
      name = undefined;
    }
  }
  const common: StepInput['common'] = { name: name ?? '', position: reader.position(map) };
  let ok = name !== undefined;
  for (const key of ['inputMappings', 'outputMappings'] as const) {
    const field = fields.get(key);
    if (field === undefined) continue;
    const mappings = readMappings(reader, field);
    if (mappings === undefined) ok = false;
    else common[key] = mappings;
  }
  const endField = fields.get('end');
  const end = endField === undefined ? false : reader.boolean(endField);
  if (end === undefined) ok = false;
  const nameNode = nameField && reader.at(nameField);
  if (type === undefined) return { step: undefined, name, nameNode };
  const step = READERS[type](scope, { map, path, fields, common, end: end ?? false });
  return { step: ok ? step : undefined, name, nameNode };
}

function checkGotos(reader: DefinitionReader, gotos: readonly GotoRef[], names: ReadonlySet<string>): void {
  for (const ref of gotos) {
    if (names.has(ref.target)) continue;
    reader.report(
      ref.at,
      ref.path,
      `goto target \`${ref.target}\` is not a sibling step of \`${ref.holder}\`${didYouMean(ref.target, names)}`,
    );
  }
}

/**
 * Reads a `steps` list (non-empty) at nesting `depth`: every step, sibling-unique names, and `goto`
 * targets that must name a step of this list.
 * @returns the steps, or `undefined` when anything in the list has an issue.
 */
export function readStepList(reader: DefinitionReader, field: Field, depth: number): Step[] | undefined {
  if (depth > MAX_STEP_NESTING_DEPTH) {
    reader.report(
      reader.at(field),
      field.path,
      `steps are nested too deeply (more than ${MAX_STEP_NESTING_DEPTH} levels)`,
    );
    return undefined;
  }
  const items = reader.list(field, true, 'a list of steps');
  if (items === undefined) return undefined;
  const gotos: GotoRef[] = [];
  const scope: StepScope = {
    reader,
    gotos,
    readSteps: (nested) => readStepList(reader, nested, depth + 1),
  };
  const steps: Step[] = [];
  const seen = new Map<string, Node | undefined>();
  let ok = true;
  items.forEach((item, index) => {
    const path = indexPath(field.path, index);
    const { step, name, nameNode } = readStep(reader, item, path, scope);
    if (name !== undefined) {
      const first = seen.get(name);
      if (seen.has(name)) {
        const line = reader.position(first).line;
        reader.report(
          nameNode,
          `${path}.name`,
          `duplicate step name \`${name}\`: a sibling step (line ${line}) already has it`,
        );
        ok = false;
      } else {
        seen.set(name, nameNode);
      }
    }
    if (step === undefined) ok = false;
    else steps.push(step);
  });
  checkGotos(reader, gotos, new Set(seen.keys()));
  return ok ? steps : undefined;
}
