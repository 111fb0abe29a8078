import { html, nothing, type TemplateResult } from 'lit-html';
import { get } from '../api.ts';
import { errorBox, loading, toConsoleError } from '../components/error-box.ts';
import { statusLine } from '../components/json-editor.ts';
import { pager } from '../components/pager.ts';
import { Poller } from '../live/poller.ts';
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
  #tasks: TaskView[] | undefined;
  #error: unknown;
  #message: string | undefined;
  readonly #tokens: string[] = [];
  #token = '';
  #next: string | undefined;
  #poller: Poller;
  readonly #actions: TaskActions;

  constructor(
    private readonly context: PageContext,
    private readonly flow: string | undefined,
  ) {
    this.#actions = new TaskActions(
      () => context.update(),
      (_task, message) => {
        this.#message = message;
        this.#poller.now();
      },
    );
    this.#poller = new Poller(() => this.#load(), REFRESH_MS).start();
  }

  async #load(): Promise<boolean> {
    try {
      const page = await get<{ tasks: TaskView[]; nextToken?: string }>('/tasks', {
        status: 'waiting',
        flowName: this.flow,
        limit: TASKS_PER_PAGE,
        nextToken: this.#token,
      });
      this.#tasks = page.tasks;
      this.#next = page.nextToken;
      this.#error = undefined;
    } catch (error) {
      this.#error = error;
      this.context.update();
      throw error;
    }
    this.context.update();
    return this.#token === '';
  }

  #goTo(token: string): void {
    this.#token = token;
    this.#tasks = undefined;
    this.#poller.stop();
    this.#poller = new Poller(() => this.#load(), REFRESH_MS).start();
    this.context.update();
  }

  view(): TemplateResult {
    return html`<h1 tabindex="-1">Waiting tasks${this.flow ? html` <span class="muted">of ${this.flow}</span>` : nothing}</h1>
      <p class="lead">Callback tasks waiting for a report, oldest first. Succeed or fail one to let its execution go on.
        ${this.flow ? html`<a href=${href.tasks()}>Show every flow's tasks</a>` : nothing}</p>
      ${statusLine(this.#message)}
      ${this.#problem()}
      ${this.#tasks === undefined && this.#error === undefined ? loading('the waiting tasks') : nothing}
      ${this.#tasks !== undefined ? this.#list(this.#tasks) : nothing}`;
  }

  #problem(): TemplateResult | typeof nothing {
    if (this.#error === undefined) return nothing;
    const problem = toConsoleError(this.#error);
    if (problem.status === 404 && problem.code === 'NotFound')
      return html`<div class="alert alert-error" role="alert"><p><strong>This endpoint cannot list tasks</strong>: it has no
        <code>GET /tasks</code> (ListTasks). Update the server, or report a task with its token from the CLI
        (<code>flowback report-task-succeeded</code>).</p></div>`;
    return errorBox(this.#error, 'The waiting tasks could not be listed');
  }

  #list(tasks: TaskView[]): TemplateResult {
    if (tasks.length === 0 && this.#token === '')
      return html`<p class="empty">No task is waiting${this.flow ? ` in ${this.flow}` : ''}.</p>`;
    return html`${tasksTable(tasks, this.#actions, 'Waiting tasks')}
      ${pager(
        this.#tokens.length > 0 ? () => this.#goTo(this.#tokens.pop() ?? '') : undefined,
        this.#next !== undefined
          ? () => {
              this.#tokens.push(this.#token);
              this.#goTo(this.#next ?? '');
            }
          : undefined,
        'Task pages',
      )}`;
  }

  dispose(): void {
    this.#poller.stop();
  }
}
