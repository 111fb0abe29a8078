/**
 * A flow definition as a Mermaid flowchart: steps as nodes, the order of each sequence as edges,
 * choice options with their conditions, `goto` and `catch` edges, parallel branches and foreach
 * bodies as subgraphs. Optionally coloured by each step's state in one execution.
 */
import type { FlowDefinition, Step } from '../fdl/types.ts';

/** How far a step got in an execution. */
export type StepState = 'running' | 'succeeded' | 'failed';

/** States by step path (`steps[0].branches[1].steps[2]`), as `stepStates` computes them. */
export type StepStates = ReadonlyMap<string, StepState>;

const STATE_STYLES: Record<StepState, string> = {
  running: 'fill:#fff4c2,stroke:#c9a400',
  succeeded: 'fill:#d8f5d0,stroke:#2f8a2f',
  failed: 'fill:#ffd6d6,stroke:#c22',
};

/** Short notes shown under step names, by step path (`37 of 100 done`), as `ExecutionProgress.notes` gives them. */
export type StepNotes = ReadonlyMap<string, string>;

/** Mermaid shapes by step type: `[text]` box, `{text}` rhombus, `([text])` stadium… */
function node(id: string, step: Step, note?: string): string {
  const label = quote(
    `${step.name}<br/><small>${step.type}</small>${note ? `<br/><small>${note}</small>` : ''}`,
  );
  switch (step.type) {
    case 'choice':
      return `${id}{${label}}`;
    case 'succeed':
    case 'fail':
      return `${id}([${label}])`;
    case 'wait':
      return `${id}[/${label}/]`;
    default:
      return `${id}[${label}]`;
  }
}

/** A Mermaid string label on one line: quotes inside become `#quot;`, line breaks spaces. */
function quote(text: string): string {
  return `"${text
    .replace(/"/g, '#quot;')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()}"`;
}

/** Builds the chart line by line. */
class Chart {
  constructor(readonly notes: StepNotes = new Map()) {}

  // Quoted: a bare `end` is a Mermaid keyword.
  readonly lines: string[] = ['flowchart TD', '  start(("start"))', '  finish(("end"))'];
  readonly ids = new Map<string, string>();
  private next = 0;

  id(path: string): string {
    let id = this.ids.get(path);
    if (!id) {
      id = `n${this.next++}`;
      this.ids.set(path, id);
    }
    return id;
  }

  /** The node of the step at `path`. */
  node(id: string, step: Step, path: string): string {
    return node(id, step, this.notes.get(path));
  }

  edge(from: string, to: string, label?: string, dashed = false): void {
    const arrow = dashed ? '-.->' : '-->';
    this.lines.push(label ? `  ${from} ${arrow}|${quote(label)}| ${to}` : `  ${from} ${arrow} ${to}`);
  }
}

/**
 * Draws one sequence; returns the id of its first node (or `exit` when empty). `exit` is where the
 * sequence goes when it ends.
 */
function drawSequence(chart: Chart, steps: Step[], path: string, exit: string): string {
  const ids = steps.map((_, i) => chart.id(`${path}[${i}]`));
  const sibling = (name: string) => ids[steps.findIndex((s) => s.name === name)] ?? exit;
  steps.forEach((step, i) => {
    const id = ids[i] as string;
    const stepPath = `${path}[${i}]`;
    const after = 'end' in step && step.end ? exit : (ids[i + 1] ?? exit);
    switch (step.type) {
      case 'parallel': {
        chart.lines.push(`  subgraph ${id}_box [${quote(`${step.name} (parallel)`)}]`);
        chart.lines.push(`    ${chart.node(id, step, stepPath)}`);
        const join = `${id}_join`;
        chart.lines.push(`    ${join}(("all done"))`);
        step.branches.forEach((branch, b) => {
          const first = drawSequence(chart, branch.steps, `${stepPath}.branches[${b}].steps`, join);
          chart.edge(id, first, `branch ${b + 1}`);
        });
        chart.lines.push('  end');
        chart.edge(join, after);
        break;
      }
      case 'foreach': {
        chart.lines.push(
          `  subgraph ${id}_box [${quote(`${step.name} (foreach ${step.iterationMapping.collection})`)}]`,
        );
        chart.lines.push(`    ${chart.node(id, step, stepPath)}`);
        const join = `${id}_join`;
        chart.lines.push(`    ${join}(("all done"))`);
        chart.edge(id, drawSequence(chart, step.steps, `${stepPath}.steps`, join), 'each item');
        chart.lines.push('  end');
        chart.edge(join, after);
        break;
      }
      case 'choice': {
        chart.lines.push(`  ${chart.node(id, step, stepPath)}`);
        step.choices.forEach((option, c) => {
          const target = option.goto !== undefined ? sibling(option.goto) : after;
          const first = drawSequence(chart, option.steps, `${stepPath}.choices[${c}].steps`, target);
          chart.edge(id, first, option.condition);
        });
        const fallback = step.default;
        const target = fallback?.goto !== undefined ? sibling(fallback.goto) : after;
        chart.edge(
          id,
          drawSequence(chart, fallback?.steps ?? [], `${stepPath}.default.steps`, target),
          'default',
        );
        break;
      }
      case 'task':
        chart.lines.push(`  ${chart.node(id, step, stepPath)}`);
        chart.edge(id, after);
        for (const rule of step.catch)
          chart.edge(id, sibling(rule.goto), `catch ${rule.errors.join(', ')}`, true);
        break;
      case 'succeed':
        chart.lines.push(`  ${chart.node(id, step, stepPath)}`);
        chart.edge(id, exit);
        break;
      case 'fail':
        chart.lines.push(`  ${chart.node(id, step, stepPath)}`);
        chart.edge(id, 'finish', step.error ?? 'FnF.Fail', true);
        break;
      default:
        chart.lines.push(`  ${chart.node(id, step, stepPath)}`);
        chart.edge(id, after);
    }
  });
  return ids[0] ?? exit;
}

/** The flowchart of a definition, optionally coloured by step states and with notes under step names. */
export function flowToMermaid(definition: FlowDefinition, states?: StepStates, notes?: StepNotes): string {
  const chart = new Chart(notes);
  chart.edge('start', drawSequence(chart, definition.steps, 'steps', 'finish'));
  if (states && states.size > 0) {
    for (const [state, style] of Object.entries(STATE_STYLES))
      chart.lines.push(`  classDef ${state} ${style}`);
    for (const [path, state] of states) {
      const id = chart.ids.get(path);
      if (id) chart.lines.push(`  class ${id} ${state}`);
    }
  }
  return `${chart.lines.join('\n')}\n`;
}
