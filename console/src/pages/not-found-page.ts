import { html, type TemplateResult } from 'lit-html';
import type { Page } from '../page.ts';
import { href } from '../router.ts';

/** An address the console has no page for. */
export class NotFoundPage implements Page {
  readonly title = 'Not found';

  constructor(private readonly path: string) {}

  view(): TemplateResult {
    return html`<h1 tabindex="-1">No such page</h1>
      <div class="alert alert-error" role="alert">
        <p>The console has no page at <code>${this.path}</code>.</p>
      </div>
      <p><a href=${href.flows()}>Go to the flows</a></p>`;
  }

  dispose(): void {}
}
