/**
 * The typed, validated form of a flow definition (FDL `version: v1`/`v1beta1`, `type: flow`).
 * Produced only by `parseFlow` in `./parse.ts`; the engine trusts every invariant stated here.
 */

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: Json;
}

/** Where a node sits in the source text (1-based line and column). */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * One mapping entry `{target, source}`. A `source` that is a string starting with `$` is a path
 * (`$.x`, `$input.x`, `$local.x`, `$context.x`); anything else is a constant.
 */
export interface Mapping {
  target: string;
  source: Json;
}

/** The resource a task calls, parsed from its `resourceArn` (the forms of `api.md`). */
export type Resource =
  | {
      kind: 'function';
      arn: string;
      /** `acs:fc` service name; absent for Lambda ARNs. */
      service?: string;
      /** Function name (`acs:fc` function, or Lambda function name). */
      functionName: string;
      /** Version or alias (`{service}.{qualifier}` or `:{qualifier}`). */
      qualifier?: string;
      region?: string;
      account?: string;
    }
  | { kind: 'queue'; arn: string; queueName: string; region?: string; account?: string }
  | { kind: 'flow'; arn: string; flowName: string };

/** Task invocation patterns. */
export type TaskPattern = 'requestResponse' | 'sync' | 'waitForCallback';

/** A retry policy of a task. Defaults are filled in by the parser. */
export interface RetryPolicy {
  errors: string[];
  intervalSeconds: number;
  maxIntervalSeconds: number;
  maxAttempts: number;
  multiplier: number;
}

/** A catch rule of a task. */
export interface CatchRule {
  errors: string[];
  goto: string;
}

/** Fields every step has. */
export interface StepCommon {
  name: string;
  /** Where the step starts in the source (for messages); absent for definitions built in code. */
  position?: SourcePosition;
}

/** Fields of steps that take mappings and `end`. */
export interface MappedStep extends StepCommon {
  inputMappings?: Mapping[];
  outputMappings?: Mapping[];
  end: boolean;
}

/** `type: task`. */
export interface TaskStep extends MappedStep {
  type: 'task';
  resourceArn: string;
  resource: Resource;
  pattern: TaskPattern;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  serviceParams?: JsonObject;
  errorMappings?: Mapping[];
  retry: RetryPolicy[];
  catch: CatchRule[];
}

/** `type: pass`. */
export interface PassStep extends MappedStep {
  type: 'pass';
}

/** A parsed choice condition (see `./conditions.ts`). */
export type Condition =
  | { kind: 'literal'; value: Json }
  | { kind: 'path'; path: string }
  | { kind: 'not'; operand: Condition }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'compare'; op: '==' | '!=' | '>' | '>=' | '<' | '<='; left: Condition; right: Condition };

/** One option of a choice step. */
export interface ChoiceOption {
  condition: string;
  expression: Condition;
  steps: Step[];
  goto?: string;
}

/** The `default` of a choice step. */
export interface ChoiceDefault {
  steps: Step[];
  goto?: string;
}

/** `type: choice`. */
export interface ChoiceStep extends MappedStep {
  type: 'choice';
  choices: ChoiceOption[];
  default?: ChoiceDefault;
}

/** One branch of a parallel step. */
export interface ParallelBranch {
  steps: Step[];
}

/** `type: parallel`. */
export interface ParallelStep extends MappedStep {
  type: 'parallel';
  branches: ParallelBranch[];
}

/** `iterationMapping` of a foreach step. */
export interface IterationMapping {
  /** A path into the step input (`$.names`, `$input.names`). */
  collection: string;
  item: string;
  index?: string;
}

/** `type: foreach`. */
export interface ForeachStep extends MappedStep {
  type: 'foreach';
  iterationMapping: IterationMapping;
  /** Most iterations running at once, 1–1000; absent means the engine's default (100). */
  maxConcurrency?: number;
  steps: Step[];
}

/** `type: wait`: exactly one of `duration` and `timestamp`, each a constant or a `$` path. */
export interface WaitStep extends MappedStep {
  type: 'wait';
  duration?: number | string;
  timestamp?: string;
}

/** `type: succeed`. */
export interface SucceedStep extends StepCommon {
  type: 'succeed';
  inputMappings?: Mapping[];
  outputMappings?: Mapping[];
}

/** `type: fail`. */
export interface FailStep extends StepCommon {
  type: 'fail';
  error?: string;
  cause?: string;
  inputMappings?: Mapping[];
  outputMappings?: Mapping[];
}

/** Any step. */
export type Step =
  | TaskStep
  | PassStep
  | ChoiceStep
  | ParallelStep
  | ForeachStep
  | WaitStep
  | SucceedStep
  | FailStep;

/** The eight step type names. */
export type StepType = Step['type'];

/** A validated flow definition. */
export interface FlowDefinition {
  version: 'v1' | 'v1beta1';
  type: 'flow';
  inputMappings?: Mapping[];
  outputMappings?: Mapping[];
  timeoutSeconds?: number;
  steps: Step[];
}

/** One problem found in a definition. */
export interface DefinitionIssue {
  /** Path of the offending node, e.g. `steps[2].choices[0].goto` (empty for the document). */
  path: string;
  line: number;
  column: number;
  message: string;
}
