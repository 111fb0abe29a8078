import { html, nothing, type TemplateResult } from 'lit-html';
import { get, segment } from '../api.ts';
import { errorBox, loading } from '../components/error-box.ts';
import { statusBadge } from '../components/status.ts';
import { formatDuration, formatTime } from '../format.ts';
import { PagedList } from '../live/paged-list.ts';
import type { PageContext } from '../page.ts';
import { href } from '../router.ts';
import { EXECUTION_STATUSES, type ExecutionView } from '../types.ts';

/** Executions shown per page. */
const EXECUTIONS_PER_PAGE = 20;
/** How often the first page is read again, in ms. */
const REFRESH_MS = 3000;

/** The executions of a flow: a status filter, pages, refreshed while on the first page. */
export class ExecutionsPanel {
  readonly #list: PagedList<ExecutionView>;

  constructor(
    private readonly context: PageContext,
    private readonly flow: string,
    private readonly status: string | undefined,
  ) {
    this.#list = new PagedList(
      async (token) => {
        const page = await get<{ executions: ExecutionView[]; nextToken?: string }>(
          `/flows/${segment(flow)}/executions`,
          { status, limit: EXECUTIONS_PER_PAGE, nextToken: token },
        );
        return {
          items: page.executions,
          ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}),
        };
      },
      () => context.update(),
      REFRESH_MS,
    );
  }

  view(): TemplateResult {
    const { items, error } = this.#list;
    return html`<section aria-labelledby="executions-heading">
      <div class="section-head">
        <h2 id="executions-heading">Executions</h2>
        <label class="inline-field">Status
          <select @change=${(event: Event) => this.context.navigate(href.flow(this.flow, (event.target as HTMLSelectElement).value || undefined))}>
            <option value="" ?selected=${!this.status}>All</option>
            ${EXECUTION_STATUSES.map((status) => html`<option value=${status} ?selected=${this.status === status}>${status}</option>`)}
          </select>
        </label>
      </div>
      ${error !== undefined ? errorBox(error, 'The executions could not be listed') : nothing}
      ${items === undefined && error === undefined ? loading('the executions') : nothing}
      ${items !== undefined ? this.#table(items) : nothing}
    </section>`;
  }

  #table(executions: ExecutionView[]): TemplateResult {
    if (executions.length === 0)
      return html`<p class="empty">${this.status ? `No ${this.status} executions.` : 'No executions yet: start one.'}</p>`;
    const now = Date.now();
    return html`<div class="table-wrap"><table>
        <caption class="visually-hidden">Executions of ${this.flow}</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Duration</th></tr></thead>
        <tbody>
          ${executions.map((execution) => {
            const end = execution.stoppedTime ? new Date(execution.stoppedTime).getTime() : now;
            return html`<tr>
              <td><a href=${href.execution(execution.flowName, execution.name)}>${execution.name}</a></td>
              <td>${statusBadge(execution.status)}</td>
              <td><time datetime=${execution.startedTime}>${formatTime(execution.startedTime)}</time></td>
              <td>${formatDuration(end - new Date(execution.startedTime).getTime())}</td>
            </tr>`;
          })}
        </tbody>
      </table></div>
      ${this.#list.pager('Executions pages')}`;
  }

  dispose(): void {
    this.#list.dispose();
  }
}
