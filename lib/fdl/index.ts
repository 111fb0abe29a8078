/**
 * The FDL package's public surface: parsing and validation of flow definitions, resource ARNs,
 * names, limits and the typed model.
 */

export { type ConditionParse, evaluateCondition, parseCondition } from './conditions.ts';
export { formatDefinitionIssue } from './format-issue.ts';
export { isJsonObject, jsonByteLength, jsonEquals, MAX_PAYLOAD_BYTES } from './json-values.ts';
export * from './limits.ts';
export { applyMappings, defaultInput, mergeInto, resolveServiceParams } from './mappings.ts';
export { validateExecutionName, validateFlowName, validateStepName } from './names.ts';
export { type ParseFlowResult, parseFlow } from './parse.ts';
export type { ParsedPath, PathRoot, PathSegment } from './path-syntax.ts';
export {
  checkSourcePath,
  type MappingScope,
  type PathParse,
  parsePath,
  readPath,
  readSource,
  type SourceValue,
} from './paths.ts';
export {
  parseResourceArn,
  type ResourceArnResult,
  SUPPORTED_PATTERNS,
  SUPPORTED_RESOURCE_FORMS,
} from './resources.ts';
export { STEP_TYPES } from './step-fields.ts';
export { isRfc3339Timestamp } from './timestamps.ts';
export type * from './types.ts';
export { definitionWarnings } from './warnings.ts';
