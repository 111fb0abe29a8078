import { html, nothing, type TemplateResult } from 'lit-html';
import { ExecutionProgress } from '../../../lib/graph/step-progress.ts';
import { get, post, segment } from '../api.ts';
import { jsonBlock } from '../components/code.ts';
import { errorBox, loading } from '../components/error-box.ts';
import { GraphView } from '../components/graph.ts';
import { statusLine } from '../components/json-editor.ts';
import { statusBadge } from '../components/status.ts';
import { chartOf, parseDefinition } from '../flow-model.ts';
import { formatDuration, formatTime } from '../format.ts';
import { Poller } from '../live/poller.ts';
import { Tail, TailReader } from '../live/tail-reader.ts';
import type { Page, PageContext } from '../page.ts';
import { href } from '../router.ts';
import type { ExecutionDetail, FlowView, HistoryEvent } from '../types.ts';
import { legend, stepTable } from './execution-progress.ts';
import { HistoryPanel, TIMELINE_PAGE } from './history-panel.ts';
import { LogsPanel } from './logs-panel.ts';
import { TaskActions } from './task-actions.ts';
import { tasksTable } from './tasks-table.ts';

/** Events read per request while following the history (the API's largest page). */
const HISTORY_PAGE = 1000;
/** How often a running execution is read again, in ms. */
const REFRESH_MS = 1000;

/**
 * One execution: status, error and cause, its graph coloured by each step's state, foreach and
 * parallel progress, waiting tasks, input and output, the history and the logs; followed live while it
 * runs. The history is read a page at a time into an `ExecutionProgress` and the latest events.
 */
export class ExecutionPage implements Page {
  readonly title: string;
  #execution: ExecutionDetail | undefined;
  #error: unknown;
  #flow: FlowView | undefined;
  #flowError: unknown;
  #historyError: unknown;
  #historyRead = false;
  #message: string | undefined;
  readonly #progress = new ExecutionProgress();
  readonly #latest = new Tail<HistoryEvent>(TIMELINE_PAGE);
  readonly #reader: TailReader<HistoryEvent>;
  readonly #graph: GraphView;
  readonly #history: HistoryPanel;
  readonly #logs: LogsPanel;
  readonly #tasks: TaskActions;
  readonly #poller: Poller;

  constructor(
    private readonly context: PageContext,
    private readonly flowName: string,
    private readonly name: string,
  ) {
    this.title = `${name} · ${flowName}`;
    const base = `/flows/${segment(flowName)}/executions/${segment(name)}`;
    this.#reader = new TailReader<HistoryEvent>(
      async (token) => {
        const page = await get<{ events: HistoryEvent[]; nextToken?: string }>(`${base}/history`, {
          limit: HISTORY_PAGE,
          nextToken: token,
        });
        return { items: page.events, ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}) };
      },
      (events) => {
        const fresh = events.filter((event) => event.eventId > this.#progress.lastEventId);
        this.#progress.add(fresh);
        this.#latest.push(fresh);
      },
    );
    this.#graph = new GraphView(() => context.update());
    this.#history = new HistoryPanel(context, flowName, name, this.#latest);
    this.#logs = new LogsPanel(flowName, name);
    this.#tasks = new TaskActions(
      () => context.update(),
      (_task, message) => {
        this.#message = message;
        this.#poller.now();
      },
    );
    get<FlowView>(`/flows/${segment(flowName)}`)
      .then((flow) => {
        this.#flow = flow;
      })
      .catch((error: unknown) => {
        this.#flowError = error;
      })
      .finally(() => context.update());
    this.#poller = new Poller(() => this.#refresh(base), REFRESH_MS).start();
  }

  /** Reads the execution, then what the history and the logs gained; polls again while it runs. */
  async #refresh(base: string): Promise<boolean> {
    try {
      this.#execution = await get<ExecutionDetail>(base);
      this.#error = undefined;
    } catch (error) {
      this.#error = error;
      this.context.update();
      throw error;
    }
    try {
      await this.#reader.catchUp(() => this.context.update());
      this.#historyRead = true;
      this.#historyError = undefined;
    } catch (error) {
      this.#historyError = error;
    }
    await this.#logs.refresh();
    this.context.update();
    return this.#execution.status === 'Running' || this.#historyError !== undefined;
  }

  view(): TemplateResult {
    const crumbs = html`<nav class="crumbs" aria-label="Breadcrumb">
      <a href=${href.flows()}>Flows</a> › <a href=${href.flow(this.flowName)}>${this.flowName}</a> ›</nav>`;
    const execution = this.#execution;
    if (execution === undefined)
      return html`${crumbs}<h1 tabindex="-1">${this.name}</h1>
        ${this.#error !== undefined ? errorBox(this.#error, `The execution ${this.name} could not be read`) : loading('the execution')}`;
    const ended = execution.stoppedTime !== undefined;
    const duration =
      (ended ? new Date(execution.stoppedTime ?? '').getTime() : Date.now()) -
      new Date(execution.startedTime).getTime();
    return html`${crumbs}
      <div class="execution" data-status=${execution.status} data-history-read=${this.#historyRead ? 'true' : 'false'}
        data-graph-ready=${this.#graphReady() ? 'true' : 'false'}>
      <div class="page-head">
        <h1 tabindex="-1">${execution.name} ${statusBadge(execution.status)}</h1>
        ${execution.status === 'Running' ? html`<button type="button" class="danger" @click=${() => this.#stop()}>Stop execution</button>` : nothing}
      </div>
      <p class="muted">Started ${formatTime(execution.startedTime)}${ended ? html` · ended ${formatTime(execution.stoppedTime)}` : nothing}
        · ${ended ? 'took' : 'running for'} ${formatDuration(duration)}</p>
      ${this.#error !== undefined ? errorBox(this.#error, 'The execution could not be read again') : nothing}
      ${statusLine(this.#message)}
      ${
        execution.error !== undefined
          ? html`<section class="alert alert-error" aria-labelledby="error-heading">
            <h2 id="error-heading">Error <code class="error-code">${execution.error}</code></h2>
            <p class="cause">${execution.cause || html`<span class="muted">No cause given.</span>`}</p>
          </section>`
          : nothing
      }
      ${this.#waiting(execution)}
      ${this.#graphSection()}
      <div class="columns">
        <section aria-labelledby="input-heading"><h2 id="input-heading">Input</h2>${jsonBlock(execution.input, 'Input')}</section>
        <section aria-labelledby="output-heading"><h2 id="output-heading">Output</h2>${
          execution.output !== undefined
            ? jsonBlock(execution.output, 'Output')
            : html`<p class="muted">${ended ? 'None.' : 'Not yet.'}</p>`
        }</section>
      </div>
      ${this.#historyError !== undefined ? errorBox(this.#historyError, 'The history could not be read') : nothing}
      ${this.#history.view()}
      ${this.#logs.view()}
      </div>`;
  }

  #graphReady(): boolean {
    return (
      this.#historyRead && (this.#flowError !== undefined || (this.#flow !== undefined && !this.#graph.busy))
    );
  }

  #waiting(execution: ExecutionDetail): TemplateResult | typeof nothing {
    const tasks = execution.waitingTasks ?? [];
    if (tasks.length === 0) return nothing;
    return html`<section aria-labelledby="waiting-heading">
      <h2 id="waiting-heading">Waiting for ${tasks.length === 1 ? 'a callback' : `${tasks.length} callbacks`}</h2>
      ${tasksTable(tasks, this.#tasks, 'Tasks of this execution waiting for a callback')}
    </section>`;
  }

  #graphSection(): TemplateResult {
    const reading = !this.#historyRead
      ? html`<p class="loading" role="status">Reading the history: ${this.#progress.eventCount} events so far…</p>`
      : nothing;
    if (this.#flowError !== undefined)
      return html`<section aria-labelledby="graph-heading"><h2 id="graph-heading">Graph</h2>
        ${errorBox(this.#flowError, `The flow ${this.flowName} could not be read, so its graph cannot be drawn`)}${reading}</section>`;
    if (this.#flow === undefined) return html`<section><h2>Graph</h2>${loading('the flow')}</section>`;
    const result = parseDefinition(this.#flow.definition);
    if (!result.ok)
      return html`<section aria-labelledby="graph-heading"><h2 id="graph-heading">Graph</h2>
        <div class="alert alert-error" role="alert"><p>The flow's definition has problems: the graph cannot be drawn.</p></div></section>`;
    const { definition } = result;
    const chart = chartOf(definition, this.#progress.states(definition), this.#progress.notes(definition));
    return html`<section aria-labelledby="graph-heading">
      <div class="section-head"><h2 id="graph-heading">Graph</h2>${legend()}</div>
      ${reading}
      <div class="columns columns-wide">
        ${this.#graph.view(chart, `Graph of ${this.name}, each step coloured by its state; the table of steps says the same in words`)}
        ${stepTable(definition, this.#progress)}
      </div>
      <p class="muted small">Drawn from the flow's current definition.</p>
    </section>`;
  }

  async #stop(): Promise<void> {
    if (!confirm(`Stop the execution ${this.name}?`)) return;
    try {
      await post(`/flows/${segment(this.flowName)}/executions/${segment(this.name)}/stop`, {});
      this.#message = 'Stop requested.';
    } catch (error) {
      this.#error = error;
    }
    this.#poller.now();
    this.context.update();
  }

  dispose(): void {
    this.#poller.stop();
  }
}
