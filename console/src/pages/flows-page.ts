import { html, nothing, type TemplateResult } from 'lit-html';
import { get } from '../api.ts';
import { errorBox, loading } from '../components/error-box.ts';
import { pager } from '../components/pager.ts';
import { formatTime } from '../format.ts';
import type { Page, PageContext } from '../page.ts';
import { href } from '../router.ts';
import type { FlowView } from '../types.ts';

/** Flows shown per page. */
const FLOWS_PER_PAGE = 50;

/** Every flow, a page at a time. */
export class FlowsPage implements Page {
  readonly title = 'Flows';
  #flows: FlowView[] | undefined;
  #error: unknown;
  /** Tokens of the pages before this one (`''` for the first), for "Previous". */
  readonly #tokens: string[] = [];
  #token = '';
  #next: string | undefined;

  constructor(private readonly context: PageContext) {
    void this.#load('');
  }

  async #load(token: string): Promise<void> {
    this.#flows = undefined;
    this.#error = undefined;
    this.context.update();
    try {
      const page = await get<{ flows: FlowView[]; nextToken?: string }>('/flows', {
        limit: FLOWS_PER_PAGE,
        nextToken: token,
      });
      this.#token = token;
      this.#flows = page.flows;
      this.#next = page.nextToken;
    } catch (error) {
      this.#error = error;
    }
    this.context.update();
  }

  view(): TemplateResult {
    return html`<div class="page-head">
        <h1 tabindex="-1">Flows</h1>
        <a class="button" href=${href.newFlow()}>New flow</a>
      </div>
      ${
        this.#error !== undefined
          ? html`${errorBox(this.#error, 'The flows could not be listed')}
            <button type="button" @click=${() => this.#load(this.#token)}>Try again</button>`
          : nothing
      }
      ${this.#flows === undefined && this.#error === undefined ? loading('the flows') : nothing}
      ${this.#flows !== undefined ? this.#table(this.#flows) : nothing}`;
  }

  #table(flows: FlowView[]): TemplateResult {
    if (flows.length === 0 && this.#token === '')
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
      ${pager(
        this.#tokens.length > 0 ? () => this.#load(this.#tokens.pop() ?? '') : undefined,
        this.#next !== undefined
          ? () => {
              this.#tokens.push(this.#token);
              void this.#load(this.#next ?? '');
            }
          : undefined,
        'Flows pages',
      )}`;
  }

  dispose(): void {}
}
