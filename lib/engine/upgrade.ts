/** Stored states of older layouts, brought to this engine's before it advances them. */
import type { JsonObject } from '../fdl/types.ts';
import type { ExecutionState, ForeachFrame, SequenceFrame, StepFrame } from './types.ts';
import { STATE_SCHEMA_VERSION } from './types.ts';

/** A frame as an older layout may have stored it: with fields this engine derives instead. */
type Stored<T> = T & { input?: unknown; items?: unknown };

/** A foreach frame as layouts 1 to 3 stored it: its finished locals in an array with a slot per item. */
type StoredForeach = Omit<ForeachFrame, 'locals'> & {
  locals: ForeachFrame['locals'] | (JsonObject | null)[];
};

/**
 * Upgrades `state` (a private draft) in place to `STATE_SCHEMA_VERSION`. Version 1 stored the input
 * of every sequence and container step, and a foreach's items; they are dropped, as the engine
 * derives the very same values (`inputs.ts`). A version 1 foreach's `locals` (one slot per item)
 * reads as version 2's. Versions 1 to 3 kept a foreach's finished locals in an array (`null` for an
 * unfinished slot); version 4 keeps them by index.
 */
export function upgradeState(state: ExecutionState): void {
  if (state.schemaVersion === STATE_SCHEMA_VERSION) return;
  if (state.root) dropSequenceInputs(state.root);
  state.schemaVersion = STATE_SCHEMA_VERSION;
}

function dropSequenceInputs(seq: Stored<SequenceFrame>): void {
  delete seq.input;
  if (seq.step) dropStepInputs(seq.step);
}

function dropStepInputs(frame: Stored<StepFrame>): void {
  delete frame.input;
  switch (frame.type) {
    case 'parallel':
      for (const branch of frame.branches) if ('running' in branch) dropSequenceInputs(branch.running);
      return;
    case 'foreach':
      delete frame.items;
      localsByIndex(frame);
      for (const iteration of Object.values(frame.running)) dropSequenceInputs(iteration);
      return;
    case 'choice':
      dropSequenceInputs(frame.branch);
      return;
    case 'task':
    case 'wait':
      return;
  }
}

function localsByIndex(frame: StoredForeach): void {
  if (!Array.isArray(frame.locals)) return;
  const byIndex: ForeachFrame['locals'] = {};
  frame.locals.forEach((local, position) => {
    if (local !== null) byIndex[position] = local;
  });
  frame.locals = byIndex;
}
