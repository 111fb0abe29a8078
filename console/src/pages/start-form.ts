import { html, nothing, type TemplateResult } from 'lit-html';
import { live } from 'lit-html/directives/live.js';
import { post, segment } from '../api.ts';
import { errorBox } from '../components/error-box.ts';
import { checkJsonField, type JsonField, jsonEditor } from '../components/json-editor.ts';
import type { PageContext } from '../page.ts';
import { href } from '../router.ts';
import type { ExecutionView } from '../types.ts';

/** Start an execution of a flow: an optional name and an input editor; opens the execution once started. */
export class StartForm {
  #name = '';
  readonly #input: JsonField = { text: '{}' };
  #busy = false;
  #error: unknown;

  constructor(
    private readonly context: PageContext,
    private readonly flow: string,
  ) {}

  view(): TemplateResult {
    return html`<form class="start-form" aria-labelledby="start-heading" @submit=${(event: Event) => this.#submit(event)} novalidate>
      <h2 id="start-heading">Start an execution</h2>
      <div class="field">
        <label for="execution-name">Execution name <span class="muted">(optional)</span></label>
        <input id="execution-name" autocomplete="off" spellcheck="false" aria-describedby="execution-name-help"
          .value=${live(this.#name)} @input=${(event: Event) => {
            this.#name = (event.target as HTMLInputElement).value;
          }} />
        <p id="execution-name-help" class="field-help">Left empty, the server picks a unique one.</p>
      </div>
      ${jsonEditor('execution-input', 'Input', this.#input, (text) => {
        this.#input.text = text;
        if (this.#input.error !== undefined) {
          checkJsonField(this.#input);
          this.context.update();
        }
      })}
      ${this.#error !== undefined ? errorBox(this.#error, 'Not started') : nothing}
      <button type="submit" class="primary" ?disabled=${this.#busy}>${this.#busy ? 'Starting…' : 'Start execution'}</button>
    </form>`;
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const input = checkJsonField(this.#input);
    this.#error = undefined;
    if (input === undefined) {
      this.context.update();
      document.getElementById('execution-input')?.focus();
      return;
    }
    this.#busy = true;
    this.context.update();
    try {
      const started = await post<ExecutionView>(`/flows/${segment(this.flow)}/executions`, {
        ...(this.#name.trim() !== '' ? { executionName: this.#name.trim() } : {}),
        input,
      });
      this.context.navigate(href.execution(started.flowName, started.name));
    } catch (error) {
      this.#error = error;
    }
    this.#busy = false;
    this.context.update();
  }
}
