import type { StepType } from './types.ts';

/** The eight step types, in documentation order. */
export const STEP_TYPES: readonly StepType[] = [
  'task',
  'pass',
  'choice',
  'parallel',
  'foreach',
  'wait',
  'succeed',
  'fail',
];

const MAPPED = ['type', 'name', 'end', 'inputMappings', 'outputMappings'] as const;
const TERMINAL = ['type', 'name', 'inputMappings', 'outputMappings'] as const;

/** The fields each step type accepts. */
export const STEP_FIELDS: Readonly<Record<StepType, readonly string[]>> = {
  task: [
    ...MAPPED,
    'resourceArn',
    'pattern',
    'timeoutSeconds',
    'heartbeatSeconds',
    'serviceParams',
    'errorMappings',
    'retry',
    'catch',
  ],
  pass: MAPPED,
  choice: [...MAPPED, 'choices', 'default'],
  parallel: [...MAPPED, 'branches'],
  foreach: [...MAPPED, 'iterationMapping', 'maxConcurrency', 'steps'],
  wait: [...MAPPED, 'duration', 'timestamp'],
  succeed: TERMINAL,
  fail: [...TERMINAL, 'error', 'cause'],
};

/** Every field any step type accepts (used when a step's own type is missing or unknown). */
export const ANY_STEP_FIELDS: readonly string[] = [...new Set(Object.values(STEP_FIELDS).flat())];

/** Fields of the top level of a definition. */
export const FLOW_FIELDS: readonly string[] = [
  'version',
  'type',
  'steps',
  'inputMappings',
  'outputMappings',
  'timeoutSeconds',
];

/** Accepted `version` values. */
export const FLOW_VERSIONS = ['v1', 'v1beta1'] as const;

/** Why `field` is refused on a step of type `type` when another step type accepts it. */
export function explainStepField(type: StepType, field: string): string | undefined {
  if (!ANY_STEP_FIELDS.includes(field)) return undefined;
  const owners = STEP_TYPES.filter((t) => STEP_FIELDS[t].includes(field));
  return `field \`${field}\` is not allowed on a ${type} step (only on: ${owners.join(', ')})`;
}
