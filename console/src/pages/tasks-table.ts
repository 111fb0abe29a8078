import { html, type TemplateResult } from 'lit-html';
import { formatTime, relative } from '../format.ts';
import { href } from '../router.ts';
import type { TaskView } from '../types.ts';
import type { TaskActions } from './task-actions.ts';

/** A time cell: relative (`in 5 min`), the exact time in its title. */
function when(iso: string | undefined, now: number): TemplateResult {
  if (!iso) return html`<span class="muted">none</span>`;
  return html`<time datetime=${iso} title=${formatTime(iso)}>${relative(iso, now)}</time>`;
}

/** Waiting tasks as a table (cards at a phone's width): where, how long, deadlines, actions. */
export function tasksTable(
  tasks: readonly TaskView[],
  actions: TaskActions,
  caption: string,
): TemplateResult {
  const now = Date.now();
  return html`<div class="table-wrap"><table class="cards">
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr>
      <th scope="col">Step</th><th scope="col">Execution</th><th scope="col">Waiting since</th>
      <th scope="col">Deadline</th><th scope="col">Heartbeat deadline</th><th scope="col">Actions</th>
    </tr></thead>
    <tbody>
      ${tasks.map(
        (task) => html`<tr data-task-id=${task.taskId}>
          <td data-label="Step"><strong>${task.stepName}</strong><br /><span class="muted small">${task.resourceArn}</span></td>
          <td data-label="Execution"><a href=${href.execution(task.flowName, task.executionName)}>${task.executionName}</a>
            <br /><span class="muted small">${task.flowName}</span></td>
          <td data-label="Waiting since">${when(task.submittedTime ?? task.scheduledTime, now)}</td>
          <td data-label="Deadline">${when(task.deadline, now)}</td>
          <td data-label="Heartbeat deadline">${when(task.heartbeatDeadline, now)}</td>
          <td data-label="Actions">${actions.view(task)}</td>
        </tr>`,
      )}
    </tbody>
  </table></div>`;
}
