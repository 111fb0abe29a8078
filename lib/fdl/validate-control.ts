import type { Node } from 'yaml';
import { isScalar } from 'yaml';
import { parseCondition } from './conditions.ts';
import { MAX_FOREACH_CONCURRENCY, MAX_PARALLEL_BRANCHES } from './limits.ts';
import type { DefinitionReader, Field, Fields } from './reader.ts';
import { indexPath } from './reader.ts';
import type {
  ChoiceDefault,
  ChoiceOption,
  ChoiceStep,
  Condition,
  ForeachStep,
  IterationMapping,
  ParallelBranch,
  ParallelStep,
} from './types.ts';
import { checkPath } from './validate-mappings.ts';
import type { StepInput, StepScope } from './validate-steps.ts';

const OPTION_FIELDS = ['condition', 'steps', 'goto'] as const;
const DEFAULT_FIELDS = ['steps', 'goto'] as const;
const BRANCH_FIELDS = ['steps'] as const;
const ITERATION_FIELDS = ['collection', 'item', 'index'] as const;
const CONCURRENCY = {
  integer: true,
  min: 1,
  max: MAX_FOREACH_CONCURRENCY,
  describe: `an integer from 1 to ${MAX_FOREACH_CONCURRENCY}`,
} as const;

/** How many columns after its node the condition text starts, when that is exact; `undefined` when not. */
function textStart(reader: DefinitionReader, node: Node, text: string): number | undefined {
  if (!isScalar(node) || text.includes('\n')) return undefined;
  if (node.type === 'PLAIN') return 0;
  const quote = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : undefined;
  const range = node.range;
  if (quote === undefined || range == null) return undefined;
  return reader.sourceText(range[0], range[1]) === `${quote}${text}${quote}` ? 1 : undefined;
}

function readCondition(reader: DefinitionReader, field: Field): Condition | undefined {
  const text = reader.string(field, true);
  if (text === undefined) return undefined;
  const parsed = parseCondition(text);
  if (parsed.ok) return parsed.condition;
  const node = reader.at(field);
  const start = textStart(reader, node, text);
  const message = `invalid condition \`${text}\`: ${parsed.message}`;
  reader.report(node, field.path, message, start === undefined ? 0 : start + parsed.offset);
  return undefined;
}

/** Reads `steps` (optional) and `goto` (optional, a sibling of the choice step) of an option or default. */
function readBranchTarget(scope: StepScope, fieldsOf: Fields, holder: string) {
  const { reader } = scope;
  const stepsField = fieldsOf.get('steps');
  const steps = stepsField === undefined ? [] : scope.readSteps(stepsField);
  const gotoField = fieldsOf.get('goto');
  const goto = gotoField && reader.string(gotoField, true);
  if (gotoField && goto !== undefined)
    scope.gotos.push({ target: goto, at: reader.at(gotoField), path: gotoField.path, holder });
  return { steps, goto, failed: steps === undefined || (gotoField !== undefined && goto === undefined) };
}

/** Reads a `choice` step: ordered options with parsed conditions, and an optional `default`. */
export function readChoice(scope: StepScope, input: StepInput): ChoiceStep | undefined {
  const { reader } = scope;
  const choicesField = reader.required(input.fields, 'choices', input.map, input.path);
  const items = choicesField && reader.list(choicesField, true, 'a list of options');
  const choices: ChoiceOption[] = [];
  let ok = items !== undefined;
  items?.forEach((item, index) => {
    const path = indexPath(choicesField?.path ?? '', index);
    const map = reader.map(item, choicesField?.key ?? null, path, 'a choice option');
    if (map === undefined) {
      ok = false;
      return;
    }
    const fields = reader.fields(map, path, OPTION_FIELDS);
    const conditionField = reader.required(fields, 'condition', map, path);
    const expression = conditionField && readCondition(reader, conditionField);
    const target = readBranchTarget(scope, fields, input.common.name);
    if (
      conditionField === undefined ||
      expression === undefined ||
      target.failed ||
      target.steps === undefined
    ) {
      ok = false;
      return;
    }
    const option: ChoiceOption = {
      condition: reader.string(conditionField) ?? '',
      expression,
      steps: target.steps,
    };
    if (target.goto !== undefined) option.goto = target.goto;
    choices.push(option);
  });
  let choiceDefault: ChoiceDefault | undefined;
  const defaultField = input.fields.get('default');
  if (defaultField !== undefined) {
    const map = reader.map(
      defaultField.value,
      defaultField.key,
      defaultField.path,
      '`default` (with `steps` and/or `goto`)',
    );
    if (map === undefined) ok = false;
    else {
      const target = readBranchTarget(
        scope,
        reader.fields(map, defaultField.path, DEFAULT_FIELDS),
        input.common.name,
      );
      if (target.failed || target.steps === undefined) ok = false;
      else {
        choiceDefault = { steps: target.steps };
        if (target.goto !== undefined) choiceDefault.goto = target.goto;
      }
    }
  }
  if (!ok) return undefined;
  const step: ChoiceStep = { type: 'choice', ...input.common, end: input.end, choices };
  if (choiceDefault !== undefined) step.default = choiceDefault;
  return step;
}

/** Reads a `parallel` step: 1–100 branches, each `{steps}`. */
export function readParallel(scope: StepScope, input: StepInput): ParallelStep | undefined {
  const { reader } = scope;
  const branchesField = reader.required(input.fields, 'branches', input.map, input.path);
  const items = branchesField && reader.list(branchesField, true, 'a list of branches');
  if (branchesField === undefined || items === undefined) return undefined;
  if (items.length > MAX_PARALLEL_BRANCHES) {
    reader.report(
      branchesField.value,
      branchesField.path,
      `a parallel step has at most ${MAX_PARALLEL_BRANCHES} branches, got ${items.length}`,
    );
  }
  const branches: ParallelBranch[] = [];
  items.forEach((item, index) => {
    const path = indexPath(branchesField.path, index);
    const map = reader.map(item, branchesField.key, path, 'a branch (`{steps: [...]}`)');
    if (map === undefined) return;
    const fields = reader.fields(map, path, BRANCH_FIELDS);
    const stepsField = reader.required(fields, 'steps', map, path);
    const steps = stepsField && scope.readSteps(stepsField);
    if (steps !== undefined) branches.push({ steps });
  });
  if (branches.length !== items.length) return undefined;
  return { type: 'parallel', ...input.common, end: input.end, branches };
}

function readIterationMapping(reader: DefinitionReader, field: Field): IterationMapping | undefined {
  const map = reader.map(field.value, field.key, field.path, '`iterationMapping`');
  if (map === undefined) return undefined;
  const fields = reader.fields(map, field.path, ITERATION_FIELDS);
  const collectionField = reader.required(fields, 'collection', map, field.path);
  let collection = collectionField && reader.string(collectionField, true);
  if (collectionField && collection !== undefined) {
    const at = reader.at(collectionField);
    if (!collection.startsWith('$')) {
      reader.report(
        at,
        collectionField.path,
        `\`collection\` must be a path into the step input (like \`$.items\`), got \`${collection}\``,
      );
      collection = undefined;
    } else if (!checkPath(reader, collection, at, collectionField.path)) collection = undefined;
  }
  const itemField = reader.required(fields, 'item', map, field.path);
  const item = itemField && reader.string(itemField, true);
  const indexField = fields.get('index');
  const index = indexField && reader.string(indexField, true);
  if (indexField && index !== undefined && index === item) {
    reader.report(
      reader.at(indexField),
      indexField.path,
      `\`index\` must differ from \`item\` (both are \`${index}\`)`,
    );
  }
  if (collection === undefined || item === undefined || (indexField && index === undefined)) return undefined;
  const mapping: IterationMapping = { collection, item };
  if (index !== undefined) mapping.index = index;
  return mapping;
}

/** Reads a `foreach` step: `iterationMapping`, the optional `maxConcurrency` and the iteration `steps`. */
export function readForeach(scope: StepScope, input: StepInput): ForeachStep | undefined {
  const { reader } = scope;
  const mappingField = reader.required(input.fields, 'iterationMapping', input.map, input.path);
  const iterationMapping = mappingField && readIterationMapping(reader, mappingField);
  const concurrencyField = input.fields.get('maxConcurrency');
  const maxConcurrency = concurrencyField && reader.number(concurrencyField, CONCURRENCY);
  const stepsField = reader.required(input.fields, 'steps', input.map, input.path);
  const steps = stepsField && scope.readSteps(stepsField);
  if (iterationMapping === undefined || steps === undefined) return undefined;
  if (concurrencyField && maxConcurrency === undefined) return undefined;
  const step: ForeachStep = { type: 'foreach', ...input.common, end: input.end, iterationMapping, steps };
  if (maxConcurrency !== undefined) step.maxConcurrency = maxConcurrency;
  return step;
}
