import { html, nothing, type TemplateResult } from 'lit-html';
import { stepPaths } from '../../../lib/fdl/step-paths.ts';
import type { ExecutionProgress } from '../../../lib/graph/step-progress.ts';
import type { FlowDefinition } from '../flow-model.ts';

/** The words of a state (the graph's colours are never the only sign). */
const STATE_WORDS = { running: 'running', succeeded: 'succeeded', failed: 'failed' } as const;

/** The legend of the graph's colours. */
export function legend(): TemplateResult {
  return html`<ul class="legend" aria-label="Colours of the graph">
    <li><span class="swatch swatch-running"></span>running</li>
    <li><span class="swatch swatch-succeeded"></span>succeeded</li>
    <li><span class="swatch swatch-failed"></span>failed</li>
    <li><span class="swatch"></span>not reached</li>
  </ul>`;
}

/** Every step with its state and counts: the graph as text (and foreach / parallel progress). */
export function stepTable(definition: FlowDefinition, progress: ExecutionProgress): TemplateResult {
  return html`<div class="table-wrap"><table class="steps">
    <caption>Steps</caption>
    <thead><tr><th scope="col">Step</th><th scope="col">Type</th><th scope="col">State</th><th scope="col">Progress</th></tr></thead>
    <tbody>
      ${stepPaths(definition.steps).map(([path, step]) => {
        const counts = progress.steps.get(step.name);
        const container = progress.containers.get(step.name);
        const depth = (path.match(/\.steps\[/g) ?? []).length;
        const total = step.type === 'parallel' ? step.branches.length : container?.total;
        return html`<tr data-step=${step.name} data-state=${counts?.state ?? 'none'}>
          <th scope="row" style=${`padding-left: ${0.5 + depth * 1.25}rem`}>${step.name}</th>
          <td>${step.type}</td>
          <td>${counts ? html`<span class=${`state state-${counts.state}`}>${STATE_WORDS[counts.state]}</span>` : html`<span class="muted">not reached</span>`}</td>
          <td>${
            container
              ? html`<span class="progress-count">${container.exited}${total !== undefined ? ` of ${total}` : ''} ${step.type === 'parallel' ? 'branches' : 'iterations'} done</span>${
                  container.entered > container.exited && counts?.state === 'running'
                    ? html`, ${container.entered - container.exited} running`
                    : nothing
                }${total ? html` <progress max=${total} value=${container.exited} aria-hidden="true"></progress>` : nothing}`
              : counts && counts.entered > 1
                ? html`entered ${counts.entered}×, ${counts.exited} succeeded${counts.failed ? `, ${counts.failed} failed` : ''}`
                : nothing
          }</td>
        </tr>`;
      })}
    </tbody>
  </table></div>`;
}
