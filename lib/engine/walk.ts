import type { Step } from '../fdl/types.ts';
import type { SequenceFrame, StepFrame, TaskFrame } from './types.ts';

/** A running step found in the tree, with its definition and the sequence that holds it. */
export interface FrameVisit<F extends StepFrame = StepFrame> {
  frame: F;
  step: Step;
  seq: SequenceFrame;
  /**
   * The container step `seq` belongs to, and which of its sequences it is (branch index, iteration
   * index, 0 for a choice); absent for the flow's own sequence. Inputs are derived along it.
   */
  parent?: { visit: FrameVisit; key: number };
}

/** The step definitions a running sequence of `frame` walks through. */
export function childSteps(frame: StepFrame, step: Step, branch: number): Step[] {
  if (frame.type === 'parallel' && step.type === 'parallel') return step.branches[branch]?.steps ?? [];
  if (frame.type === 'foreach' && step.type === 'foreach') return step.steps;
  if (frame.type === 'choice' && step.type === 'choice') {
    return (frame.option < 0 ? step.default?.steps : step.choices[frame.option]?.steps) ?? [];
  }
  return [];
}

/** Every running step below `seq`, parents before children. */
export function* runningSteps(
  seq: SequenceFrame,
  steps: Step[],
  parent?: FrameVisit['parent'],
): Generator<FrameVisit> {
  const frame = seq.step;
  const step = steps[seq.index];
  if (!frame || !step) return;
  const visit: FrameVisit = parent ? { frame, step, seq, parent } : { frame, step, seq };
  yield visit;
  switch (frame.type) {
    case 'parallel':
      for (const [i, branch] of frame.branches.entries()) {
        if ('running' in branch)
          yield* runningSteps(branch.running, childSteps(frame, step, i), { visit, key: i });
      }
      return;
    case 'foreach':
      for (const [key, iteration] of Object.entries(frame.running))
        yield* runningSteps(iteration, childSteps(frame, step, 0), { visit, key: Number(key) });
      return;
    case 'choice':
      yield* runningSteps(frame.branch, childSteps(frame, step, 0), { visit, key: 0 });
      return;
    default:
      return;
  }
}

/** The task whose current attempt has this `TaskScheduled` id. */
export function findAttempt(
  root: SequenceFrame | undefined,
  steps: Step[],
  scheduleEventId: number,
): FrameVisit<TaskFrame> | undefined {
  if (!root) return undefined;
  for (const visit of runningSteps(root, steps)) {
    if (visit.frame.type === 'task' && visit.frame.attempt?.scheduleEventId === scheduleEventId) {
      return visit as FrameVisit<TaskFrame>;
    }
  }
  return undefined;
}

/** The running step whose `StepEntered` id is `stepId`. */
export function findStep(
  root: SequenceFrame | undefined,
  steps: Step[],
  stepId: number,
): FrameVisit | undefined {
  if (!root) return undefined;
  for (const visit of runningSteps(root, steps)) if (visit.frame.id === stepId) return visit;
  return undefined;
}
