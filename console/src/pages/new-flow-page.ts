import { html, type TemplateResult } from 'lit-html';
import { post } from '../api.ts';
import type { Page, PageContext } from '../page.ts';
import { href } from '../router.ts';
import { FlowEditor } from './flow-editor.ts';

/** A definition to start from. */
const TEMPLATE = `version: v1
type: flow
steps:
  - type: pass
    name: hello
    outputMappings:
      - target: greeting
        source: hello
`;

/** Create a flow. */
export class NewFlowPage implements Page {
  readonly title = 'New flow';
  readonly #editor: FlowEditor;

  constructor(context: PageContext) {
    this.#editor = new FlowEditor(
      () => context.update(),
      { name: '', description: '', definition: TEMPLATE },
      true,
      async (draft) => {
        await post('/flows', draft);
        context.flash(`Flow ${draft.name} created.`);
        context.navigate(href.flow(draft.name));
      },
      () => context.navigate(href.flows()),
    );
  }

  view(): TemplateResult {
    return html`<nav class="crumbs" aria-label="Breadcrumb"><a href=${href.flows()}>Flows</a> ›</nav>
      <h1 tabindex="-1">New flow</h1>
      ${this.#editor.view()}`;
  }

  dispose(): void {
    this.#editor.dispose();
  }
}
