import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent, HistoryEventType } from '../../../lib/engine/types.ts';
import { parseFlow } from '../../../lib/fdl/index.ts';
import { flowToMermaid } from '../../../lib/graph/mermaid.ts';
import { ExecutionProgress } from '../../../lib/graph/step-progress.ts';
import { assertValidMermaid } from '../../support/mermaid-check.ts';

const FLOW = `version: v1
type: flow
steps:
  - type: foreach
    name: each
    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: pass
        name: work
  - type: parallel
    name: both
    branches:
      - steps:
          - type: pass
            name: left
      - steps:
          - type: pass
            name: right
`;

/** A history built event by event. */
function history(entries: [HistoryEventType, string, HistoryEvent['detail']?][]): HistoryEvent[] {
  return entries.map(([type, stepName, detail = {}], index) => ({
    eventId: index + 1,
    type,
    stepName,
    time: '2026-01-01T00:00:00.000Z',
    scheduleEventId: 0,
    detail,
  }));
}

const definition = (() => {
  const parsed = parseFlow(FLOW);
  assert.ok(parsed.ok);
  return parsed.definition;
})();

describe('ExecutionProgress', () => {
  const events = history([
    ['ExecutionStarted', ''],
    ['StepEntered', 'each'],
    ['IterationEntered', 'each', { index: 0, input: { items: { $foreach: 'each', items: 3 }, item: 1 } }],
    ['StepEntered', 'work'],
    ['IterationEntered', 'each', { index: 1, input: { items: { $foreach: 'each', items: 3 }, item: 2 } }],
    ['StepEntered', 'work'],
    ['StepExited', 'work'],
    ['IterationExited', 'each', { index: 0 }],
  ]);

  it('counts iterations of a foreach, with its collection size from the history', () => {
    const progress = new ExecutionProgress();
    progress.add(events);
    assert.deepEqual(progress.containers.get('each'), { kind: 'foreach', entered: 2, exited: 1, total: 3 });
    assert.deepEqual(progress.steps.get('work'), { state: 'succeeded', entered: 2, exited: 1, failed: 0 });
    assert.equal(progress.notes(definition).get('steps[0]'), '1 of 3 done · 1 running');
    assert.equal(progress.notes(definition).get('steps[0].steps[0]'), '2× · 1 running');
  });

  it('reads a history page by page, a page read twice counted once', () => {
    const whole = new ExecutionProgress();
    whole.add(events);
    const paged = new ExecutionProgress();
    paged.add(events.slice(0, 3));
    paged.add(events.slice(0, 5));
    paged.add(events.slice(5));
    assert.deepEqual([...paged.steps], [...whole.steps]);
    assert.deepEqual([...paged.containers], [...whole.containers]);
    assert.equal(paged.eventCount, events.length);
    assert.equal(paged.lastEventId, events.length);
  });

  it('counts the branches of a parallel against its definition, and colours and notes a valid chart', () => {
    const progress = new ExecutionProgress();
    progress.add(
      history([
        ['StepEntered', 'both'],
        ['BranchEntered', 'both', { index: 0 }],
        ['BranchEntered', 'both', { index: 1 }],
        ['StepEntered', 'left'],
        ['StepFailed', 'left'],
        ['BranchExited', 'both', { index: 1 }],
      ]),
    );
    assert.equal(progress.notes(definition).get('steps[1]'), '1 of 2 branches done · 1 running');
    assert.equal(progress.states(definition).get('steps[1].branches[0].steps[0]'), 'failed');
    const chart = flowToMermaid(definition, progress.states(definition), progress.notes(definition));
    assertValidMermaid(chart);
    assert.match(
      chart,
      /both<br\/><small>parallel<\/small><br\/><small>1 of 2 branches done · 1 running<\/small>/,
    );
  });

  it('counts a foreach entered again afresh', () => {
    const progress = new ExecutionProgress();
    progress.add(
      history([
        ['StepEntered', 'each'],
        ['IterationEntered', 'each', { index: 0 }],
        ['IterationExited', 'each', { index: 0 }],
        ['StepExited', 'each'],
        ['StepEntered', 'each'],
      ]),
    );
    assert.equal(progress.containers.get('each'), undefined);
    assert.equal(progress.steps.get('each')?.entered, 2);
  });
});
