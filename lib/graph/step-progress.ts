/**
 * How far each step of an execution got, read from its history a page at a time (the console reads a
 * history of 25,000 events in pages and keeps only this, never every event): the latest state of each
 * step, how often it was entered, exited and failed, and for foreach and parallel steps how many
 * iterations or branches were entered and ended.
 */
import type { HistoryEvent } from '../engine/types.ts';
import { stepPaths } from '../fdl/step-paths.ts';
import type { FlowDefinition } from '../fdl/types.ts';
import type { StepState } from './mermaid.ts';

/** What happened to one step (by name) in an execution so far. */
export interface StepCounts {
  /** The latest state: the latest event of the step wins (loops, foreach iterations). */
  state: StepState;
  entered: number;
  exited: number;
  failed: number;
}

/** Iterations of a foreach, or branches of a parallel, since the step was last entered. */
export interface ContainerCounts {
  kind: 'foreach' | 'parallel';
  /** Iterations or branches started. */
  entered: number;
  /** Iterations or branches ended. */
  exited: number;
  /** The foreach's collection size, when the history records it (iteration inputs holding it unmapped). */
  total?: number;
}

/** A foreach collection as the history records it in iteration inputs (`CollectionReference`). */
function collectionSize(detail: HistoryEvent['detail'], stepName: string): number | undefined {
  const input = detail.input;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  for (const value of Object.values(input)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    if (value.$foreach === stepName && typeof value.items === 'number') return value.items;
  }
  return undefined;
}

/** Accumulates the progress of one execution from its history events, in order, page by page. */
export class ExecutionProgress {
  readonly #steps = new Map<string, StepCounts>();
  readonly #containers = new Map<string, ContainerCounts>();
  #events = 0;
  #lastEventId = 0;

  /** Adds events; those at or below the last event id added are skipped (a page read twice). */
  add(events: readonly HistoryEvent[]): void {
    for (const event of events) {
      if (event.eventId <= this.#lastEventId) continue;
      this.#lastEventId = event.eventId;
      this.#events++;
      this.#addOne(event);
    }
  }

  /** How many events were added. */
  get eventCount(): number {
    return this.#events;
  }

  /** The id of the last event added (0 when none). */
  get lastEventId(): number {
    return this.#lastEventId;
  }

  /** Counts by step name. */
  get steps(): ReadonlyMap<string, StepCounts> {
    return this.#steps;
  }

  /** Iteration or branch counts by foreach/parallel step name. */
  get containers(): ReadonlyMap<string, ContainerCounts> {
    return this.#containers;
  }

  /**
   * The state of each step by path (`steps[0].branches[1].steps[2]`), as `flowToMermaid` colours them.
   * History events name steps, not paths: steps of the same name in different branches share a state.
   */
  states(definition: FlowDefinition): Map<string, StepState> {
    const states = new Map<string, StepState>();
    for (const [path, step] of stepPaths(definition.steps)) {
      const counts = this.#steps.get(step.name);
      if (counts) states.set(path, counts.state);
    }
    return states;
  }

  /** A short note per path for the graph: `37 of 100 done` on a foreach, `12× · 3 running` inside one. */
  notes(definition: FlowDefinition): Map<string, string> {
    const notes = new Map<string, string>();
    for (const [path, step] of stepPaths(definition.steps)) {
      const container = this.#containers.get(step.name);
      const counts = this.#steps.get(step.name);
      if (container) {
        const total = step.type === 'parallel' ? step.branches.length : container.total;
        const of = total !== undefined ? ` of ${total}` : '';
        const running = container.entered - container.exited;
        notes.set(
          path,
          `${container.exited}${of} ${container.kind === 'foreach' ? 'done' : 'branches done'}${running > 0 && counts?.state === 'running' ? ` · ${running} running` : ''}`,
        );
      } else if (counts && counts.entered > 1) {
        const running = counts.entered - counts.exited - counts.failed;
        const parts = [`${counts.entered}×`];
        if (running > 0) parts.push(`${running} running`);
        if (counts.failed > 0) parts.push(`${counts.failed} failed`);
        notes.set(path, parts.join(' · '));
      }
    }
    return notes;
  }

  #addOne(event: HistoryEvent): void {
    const name = event.stepName;
    switch (event.type) {
      case 'StepEntered': {
        const counts = this.#counts(name);
        counts.state = 'running';
        counts.entered++;
        // A foreach or parallel entered again (a goto loop) counts its iterations afresh.
        this.#containers.delete(name);
        break;
      }
      case 'StepExited': {
        const counts = this.#counts(name);
        counts.state = 'succeeded';
        counts.exited++;
        break;
      }
      case 'StepFailed': {
        const counts = this.#counts(name);
        counts.state = 'failed';
        counts.failed++;
        break;
      }
      case 'IterationEntered':
      case 'BranchEntered': {
        const kind = event.type === 'IterationEntered' ? 'foreach' : 'parallel';
        const container = this.#container(name, kind);
        container.entered++;
        const total = kind === 'foreach' ? collectionSize(event.detail, name) : undefined;
        if (total !== undefined) container.total = total;
        break;
      }
      case 'IterationExited':
      case 'BranchExited':
        this.#container(name, event.type === 'IterationExited' ? 'foreach' : 'parallel').exited++;
        break;
      default:
        break;
    }
  }

  #counts(name: string): StepCounts {
    let counts = this.#steps.get(name);
    if (!counts) {
      counts = { state: 'running', entered: 0, exited: 0, failed: 0 };
      this.#steps.set(name, counts);
    }
    return counts;
  }

  #container(name: string, kind: ContainerCounts['kind']): ContainerCounts {
    let counts = this.#containers.get(name);
    if (!counts) {
      counts = { kind, entered: 0, exited: 0 };
      this.#containers.set(name, counts);
    }
    return counts;
  }
}
