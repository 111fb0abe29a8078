import { html, nothing, type TemplateResult } from 'lit-html';
import { get } from '../api.ts';
import { errorBox, loading, toConsoleError } from '../components/error-box.ts';
import { statusLine } from '../components/json-editor.ts';
import { PagedList } from '../live/paged-list.ts';
import type { Page, PageContext } from '../page.ts';
import { href } from '../router.ts';
import type { TaskView } from '../types.ts';
import { TaskActions } from './task-actions.ts';
import { tasksTable } from './tasks-table.ts';

/** Tasks shown per page. */
const TASKS_PER_PAGE = 50;
/** How often the first page is read again, in ms. */
const REFRESH_MS = 2000;

/** Every waiting callback task (ListTasks), oldest first, with succeed / fail actions. */
export class TasksPage implements Page {
  readonly title = 'Waiting tasks';
  #message: string | undefined;
  readonly #list: PagedList<TaskView>;
  readonly #actions: TaskActions;

  constructor(
    context: PageContext,
    private readonly flow: string | undefined,
  ) {
    this.#list = new PagedList(
      async (token) => {
        const page = await get<{ tasks: TaskView[]; nextToken?: string }>('/tasks', {
          status: 'waiting',
          flowName: flow,
          limit: TASKS_PER_PAGE,
          nextToken: token,
        });
        return { items: page.tasks, ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}) };
      },
      () => context.update(),
      REFRESH_MS,
    );
    this.#actions = new TaskActions(
      () => context.update(),
      (_task, message) => {
        this.#message = message;
        this.#list.reload();
      },
    );
  }

  view(): TemplateResult {
    const { items, error } = this.#list;
    return html`<h1 tabindex="-1">Waiting tasks${this.flow ? html` <span class="muted">of ${this.flow}</span>` : nothing}</h1>
      <p class="lead">Callback tasks waiting for a report, oldest first. Succeed or fail one to let its execution go on.
        ${this.flow ? html`<a href=${href.tasks()}>Show every flow's tasks</a>` : nothing}</p>
      ${statusLine(this.#message)}
      ${this.#problem(error)}
      ${items === undefined && error === undefined ? loading('the waiting tasks') : nothing}
      ${items !== undefined ? this.#tasks(items) : nothing}`;
  }

  #problem(error: unknown): TemplateResult | typeof nothing {
    if (error === undefined) return nothing;
    const problem = toConsoleError(error);
    if (problem.status === 404 && problem.code === 'NotFound')
      return html`<div class="alert alert-error" role="alert"><p><strong>This endpoint cannot list tasks</strong>: it has no
        <code>GET /tasks</code> (ListTasks). Update the server, or report a task with its token from the CLI
        (<code>flowback report-task-succeeded</code>).</p></div>`;
    return errorBox(error, 'The waiting tasks could not be listed');
  }

  #tasks(tasks: TaskView[]): TemplateResult {
    if (tasks.length === 0 && this.#list.first)
      return html`<p class="empty">No task is waiting${this.flow ? ` in ${this.flow}` : ''}.</p>`;
    return html`${tasksTable(tasks, this.#actions, 'Waiting tasks')}${this.#list.pager('Task pages')}`;
  }

  dispose(): void {
    this.#list.dispose();
  }
}
