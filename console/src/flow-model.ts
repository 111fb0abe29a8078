/**
 * Flow definitions in the page: parsed and validated by the same `lib/fdl` as the server and the CLI,
 * drawn by the same `lib/graph` as `flowback graph`.
 */
import { type ParseFlowResult, parseFlow } from '../../lib/fdl/index.ts';
import { stepPaths } from '../../lib/fdl/step-paths.ts';
import type { FlowDefinition } from '../../lib/fdl/types.ts';
import { flowToMermaid, type StepNotes, type StepStates } from '../../lib/graph/mermaid.ts';

export type { FlowDefinition };

let last: { text: string; result: ParseFlowResult } | undefined;

/** The definition of a text, or its problems (the last text's result is kept). */
export function parseDefinition(text: string): ParseFlowResult {
  if (last?.text !== text) last = { text, result: parseFlow(text) };
  return last.result;
}

/** The Mermaid chart of a definition, coloured by `states` with `notes` under step names. */
export function chartOf(definition: FlowDefinition, states?: StepStates, notes?: StepNotes): string {
  return flowToMermaid(definition, states, notes);
}

/** How many steps a definition has, nested ones included. */
export function stepCount(definition: FlowDefinition): number {
  return stepPaths(definition.steps).length;
}
