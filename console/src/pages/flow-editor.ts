import { html, nothing, type TemplateResult } from 'lit-html';
import { live } from 'lit-html/directives/live.js';
import { errorBox, problemList } from '../components/error-box.ts';
import { GraphView } from '../components/graph.ts';
import { chartOf, parseDefinition, stepCount } from '../flow-model.ts';

/** Pause after the last key stroke before the definition is checked again, in ms. */
const CHECK_DELAY_MS = 250;

/** What the editor saves. */
export interface FlowDraft {
  name: string;
  description: string;
  definition: string;
}

/**
 * A definition editor: checked as you type by the same validation as the server (every problem with
 * its line and column), its graph drawn once it is valid; the server's answer to a save shown too.
 */
export class FlowEditor {
  readonly draft: FlowDraft;
  #checked: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving = false;
  #error: unknown;
  readonly #graph: GraphView;

  constructor(
    private readonly update: () => void,
    initial: FlowDraft,
    /** Whether the name can be chosen (a new flow). */
    private readonly named: boolean,
    private readonly save: (draft: FlowDraft) => Promise<void>,
    private readonly cancel?: () => void,
  ) {
    this.draft = { ...initial };
    this.#checked = initial.definition;
    this.#graph = new GraphView(update);
  }

  view(): TemplateResult {
    const result = parseDefinition(this.#checked);
    return html`<form class="editor" @submit=${(event: Event) => this.#submit(event)} novalidate>
      ${
        this.named
          ? html`<div class="field">
              <label for="flow-name">Name</label>
              <input id="flow-name" required autocomplete="off" spellcheck="false" .value=${live(this.draft.name)}
                aria-describedby="flow-name-help"
                @input=${(event: Event) => {
                  this.draft.name = (event.target as HTMLInputElement).value;
                }} />
              <p id="flow-name-help" class="field-help">A letter or _, then letters, digits, _ and -.</p>
            </div>`
          : nothing
      }
      <div class="field">
        <label for="flow-description">Description</label>
        <input id="flow-description" autocomplete="off" .value=${live(this.draft.description)}
          @input=${(event: Event) => {
            this.draft.description = (event.target as HTMLInputElement).value;
          }} />
      </div>
      <div class="editor-grid">
        <div class="field">
          <label for="flow-definition">Definition (YAML or JSON)</label>
          <textarea id="flow-definition" class="code-input" rows="22" spellcheck="false" autocomplete="off"
            aria-describedby="definition-check" aria-invalid=${result.ok ? 'false' : 'true'}
            .value=${live(this.draft.definition)} @input=${(event: Event) => this.#edit((event.target as HTMLTextAreaElement).value)}></textarea>
          <div id="definition-check" aria-live="polite">
            ${
              result.ok
                ? html`<p class="field-ok">Valid: ${stepCount(result.definition)} steps.</p>`
                : html`<p class="field-error">${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}:</p>
                    ${problemList(result.issues)}`
            }
          </div>
        </div>
        <div>
          <h2 class="small-heading">Graph</h2>
          ${result.ok ? this.#graph.view(chartOf(result.definition), 'Graph of the definition being edited') : html`<p class="muted">The graph is drawn once the definition is valid.</p>`}
        </div>
      </div>
      ${this.#error !== undefined ? errorBox(this.#error, 'Not saved') : nothing}
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.#saving}>${this.#saving ? 'Saving…' : this.named ? 'Create flow' : 'Save definition'}</button>
        ${this.cancel ? html`<button type="button" @click=${() => this.cancel?.()}>Cancel</button>` : nothing}
      </div>
    </form>`;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }

  #edit(text: string): void {
    this.draft.definition = text;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#checked = text;
      this.update();
    }, CHECK_DELAY_MS);
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    clearTimeout(this.#timer);
    this.#checked = this.draft.definition;
    this.#saving = true;
    this.#error = undefined;
    this.update();
    try {
      // The server checks again: it decides, and its problems are shown as its answer.
      await this.save({ ...this.draft });
    } catch (error) {
      this.#error = error;
    }
    this.#saving = false;
    this.update();
  }
}
