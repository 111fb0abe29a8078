import { html, nothing, type TemplateResult } from 'lit-html';
import { unsafeHTML } from 'lit-html/directives/unsafe-html.js';

/** Mermaid, loaded on first use: it is most of the bundle, and the lists need none of it. */
type Mermaid = typeof import('mermaid').default;
let loaded: Promise<Mermaid> | undefined;

function mermaid(): Promise<Mermaid> {
  loaded ??= import('mermaid').then(({ default: instance }) => {
    instance.initialize({
      startOnLoad: false,
      // Labels are sanitised (DOMPurify) and no script, click handler or link of a chart runs.
      securityLevel: 'strict',
      theme: 'base',
      themeVariables: {
        primaryColor: '#eef2f8',
        primaryBorderColor: '#5b6b82',
        primaryTextColor: '#1b2330',
        lineColor: '#5b6b82',
        fontFamily: 'system-ui, sans-serif',
      },
      flowchart: { htmlLabels: true, useMaxWidth: true, curve: 'basis' },
    });
    return instance;
  });
  return loaded;
}

let renders = 0;

/**
 * A Mermaid chart rendered to SVG in the page. `view(chart)` shows the last SVG and renders the new
 * chart when it changed (one render at a time; the latest chart wins), then asks for a re-render.
 */
export class GraphView {
  #chart = '';
  #svg = '';
  #error: string | undefined;
  #busy = false;
  #queued = false;

  constructor(private readonly update: () => void) {}

  /** The chart's SVG (or a placeholder while it renders, or its error), labelled for screen readers. */
  view(chart: string, label: string): TemplateResult {
    if (chart !== this.#chart) {
      this.#chart = chart;
      this.#render();
    }
    return html`<figure class="graph">
      ${
        this.#error !== undefined
          ? html`<div class="alert alert-error" role="alert">
              <p><strong>The graph could not be drawn</strong></p>
              <p>${this.#error}</p>
              <details><summary>Mermaid text</summary><pre class="code">${this.#chart}</pre></details>
            </div>`
          : this.#svg === ''
            ? html`<p class="loading" role="status">Drawing the graph…</p>`
            : html`<div class="graph-svg" role="img" aria-label=${label} data-rendered="true">${unsafeHTML(this.#svg)}</div>`
      }
      <figcaption class="visually-hidden">${label}</figcaption>
      ${this.#busy ? html`<span class="visually-hidden">updating</span>` : nothing}
    </figure>`;
  }

  /** Whether a render is in flight or queued (tests and the benchmark wait for quiet). */
  get busy(): boolean {
    return this.#busy || this.#queued;
  }

  #render(): void {
    if (this.#busy) {
      this.#queued = true;
      return;
    }
    this.#busy = true;
    const chart = this.#chart;
    void (async () => {
      try {
        const instance = await mermaid();
        const { svg } = await instance.render(`graph-${++renders}`, chart);
        this.#svg = svg;
        this.#error = undefined;
      } catch (error) {
        this.#error = error instanceof Error ? error.message : String(error);
      } finally {
        this.#busy = false;
        if (this.#queued) {
          this.#queued = false;
          if (chart !== this.#chart) this.#render();
        }
        this.update();
      }
    })();
  }
}
