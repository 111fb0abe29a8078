import type { StepType } from '../../fdl/types.ts';
import { choiceHandler } from './choice.ts';
import { foreachHandler } from './foreach.ts';
import type { StepHandler } from './handler.ts';
import { parallelHandler } from './parallel.ts';
import { failHandler, passHandler, succeedHandler } from './simple.ts';
import { taskHandler } from './task.ts';
import { waitHandler } from './wait.ts';

/** One handler per step type: a new step type does not compile until it is handled here. */
export const stepHandlers: { [K in StepType]: StepHandler<K> } = {
  task: taskHandler,
  pass: passHandler,
  choice: choiceHandler,
  parallel: parallelHandler,
  foreach: foreachHandler,
  wait: waitHandler,
  succeed: succeedHandler,
  fail: failHandler,
};
