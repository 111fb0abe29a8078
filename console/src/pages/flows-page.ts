import { html, nothing, type TemplateResult } from 'lit-html';
import { get } from '../api.ts';
import { errorBox, loading } from '../components/error-box.ts';
import { formatTime } from '../format.ts';
import { PagedList } from '../live/paged-list.ts';
import type { Page, PageContext } from '../page.ts';
import { href } from '../router.ts';
import type { FlowView } from '../types.ts';

/** Flows shown per page. */
const FLOWS_PER_PAGE = 50;

/** Every flow, a page at a time. */
export class FlowsPage implements Page {
  readonly title = 'Flows';
  readonly #list: PagedList<FlowView>;

  constructor(context: PageContext) {
    this.#list = new PagedList(
      async (token) => {
        const page = await get<{ flows: FlowView[]; nextToken?: string }>('/flows', {
          limit: FLOWS_PER_PAGE,
          nextToken: token,
        });
        return { items: page.flows, ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}) };
      },
      () => context.update(),
    );
  }

  view(): TemplateResult {
    const { items, error } = this.#list;
    return html`<div class="page-head">
        <h1 tabindex="-1">Flows</h1>
        <a class="button" href=${href.newFlow()}>New flow</a>
      </div>
      ${error !== undefined ? errorBox(error, 'The flows could not be listed') : nothing}
      ${items === undefined && error === undefined ? loading('the flows') : nothing}
      ${items !== undefined ? this.#table(items) : nothing}`;
  }

  #table(flows: FlowView[]): TemplateResult {
    if (flows.length === 0 && this.#list.first)
      return html`<p class="empty">No flows yet. Put a YAML file in the flows folder of <code>npm start</code>, or
        <a href=${href.newFlow()}>create one here</a>.</p>`;
    return html`<div class="table-wrap"><table>
        <caption class="visually-hidden">Flows</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Description</th><th scope="col">Last modified</th></tr></thead>
        <tbody>
          ${flows.map(
            (flow) => html`<tr>
              <td><a href=${href.flow(flow.name)}>${flow.name}</a></td>
              <td>${flow.description || html`<span class="muted">—</span>`}</td>
              <td><time datetime=${flow.lastModifiedTime} title=${flow.lastModifiedTime}>${formatTime(flow.lastModifiedTime)}</time></td>
            </tr>`,
          )}
        </tbody>
      </table></div>
      ${this.#list.pager('Flows pages')}`;
  }

  dispose(): void {
    this.#list.dispose();
  }
}
