import { html, nothing, type TemplateResult } from 'lit-html';
import { del, get, put, segment } from '../api.ts';
import { codeBlock } from '../components/code.ts';
import { errorBox, loading, problemList } from '../components/error-box.ts';
import { GraphView } from '../components/graph.ts';
import { chartOf, parseDefinition, stepCount } from '../flow-model.ts';
import { formatTime } from '../format.ts';
import type { Page, PageContext } from '../page.ts';
import { href } from '../router.ts';
import type { FlowView } from '../types.ts';
import { ExecutionsPanel } from './executions-panel.ts';
import { FlowEditor } from './flow-editor.ts';
import { StartForm } from './start-form.ts';

/** One flow: its definition (highlighted), its graph or its problems, its executions, start one. */
export class FlowPage implements Page {
  readonly title: string;
  #flow: FlowView | undefined;
  #error: unknown;
  #editor: FlowEditor | undefined;
  #deleteError: unknown;
  readonly #graph: GraphView;
  readonly #executions: ExecutionsPanel;
  readonly #start: StartForm;

  constructor(
    private readonly context: PageContext,
    private readonly name: string,
    status: string | undefined,
  ) {
    this.title = name;
    this.#graph = new GraphView(() => context.update());
    this.#executions = new ExecutionsPanel(context, name, status);
    this.#start = new StartForm(context, name);
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.#flow = await get<FlowView>(`/flows/${segment(this.name)}`);
      this.#error = undefined;
    } catch (error) {
      this.#error = error;
    }
    this.context.update();
  }

  view(): TemplateResult {
    const crumbs = html`<nav class="crumbs" aria-label="Breadcrumb"><a href=${href.flows()}>Flows</a> ›</nav>`;
    if (this.#error !== undefined)
      return html`${crumbs}<h1 tabindex="-1">${this.name}</h1>
        ${errorBox(this.#error, `The flow ${this.name} could not be read`)}
        <p><a href=${href.flows()}>Back to the flows</a></p>`;
    const flow = this.#flow;
    if (flow === undefined) return html`${crumbs}<h1 tabindex="-1">${this.name}</h1>${loading('the flow')}`;
    return html`${crumbs}
      <div class="page-head">
        <h1 tabindex="-1">${flow.name}</h1>
        <div class="actions">
          <a class="button" href=${href.tasks(flow.name)}>Waiting tasks</a>
          <button type="button" ?disabled=${this.#editor !== undefined} @click=${() => this.#edit(flow)}>Edit definition</button>
          <button type="button" class="danger" @click=${() => this.#delete()}>Delete flow</button>
        </div>
      </div>
      ${flow.description ? html`<p class="lead">${flow.description}</p>` : nothing}
      <p class="muted">Created ${formatTime(flow.createdTime)} · last modified ${formatTime(flow.lastModifiedTime)}</p>
      ${this.#deleteError !== undefined ? errorBox(this.#deleteError, 'Not deleted') : nothing}
      ${this.#editor ? html`<section aria-label="Edit the definition">${this.#editor.view()}</section>` : this.#definition(flow)}
      <div class="columns">
        ${this.#start.view()}
        ${this.#executions.view()}
      </div>`;
  }

  #definition(flow: FlowView): TemplateResult {
    const result = parseDefinition(flow.definition);
    return html`<div class="columns columns-wide">
      <section aria-labelledby="graph-heading">
        <h2 id="graph-heading">Graph</h2>
        ${
          result.ok
            ? this.#graph.view(
                chartOf(result.definition),
                `Graph of flow ${flow.name}: ${stepCount(result.definition)} steps`,
              )
            : html`<div class="alert alert-error" role="alert">
                <p><strong>This definition has problems</strong>: the console cannot draw it.</p>
                ${problemList(result.issues)}
              </div>`
        }
      </section>
      <section aria-labelledby="definition-heading">
        <h2 id="definition-heading">Definition</h2>
        ${codeBlock(flow.definition, flow.definition.trimStart().startsWith('{') ? 'json' : 'yaml', `Definition of ${flow.name}`)}
      </section>
    </div>`;
  }

  #edit(flow: FlowView): void {
    this.#editor = new FlowEditor(
      () => this.context.update(),
      { name: flow.name, description: flow.description, definition: flow.definition },
      false,
      async (draft) => {
        this.#flow = await put<FlowView>(`/flows/${segment(flow.name)}`, {
          definition: draft.definition,
          description: draft.description,
        });
        this.#closeEditor();
      },
      () => this.#closeEditor(),
    );
    this.context.update();
  }

  #closeEditor(): void {
    this.#editor?.dispose();
    this.#editor = undefined;
    this.context.update();
  }

  async #delete(): Promise<void> {
    if (!confirm(`Delete the flow ${this.name}? Its executions are kept.`)) return;
    try {
      await del(`/flows/${segment(this.name)}`);
      this.context.flash(`Flow ${this.name} deleted.`);
      this.context.navigate(href.flows());
    } catch (error) {
      this.#deleteError = error;
      this.context.update();
    }
  }

  dispose(): void {
    this.#executions.dispose();
    this.#editor?.dispose();
  }
}
