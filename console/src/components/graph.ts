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
 * Least pause between two renders of one graph, in ms: while a big history is read, its counts change
 * with every page, and drawing each would hold up the reading.
 */
const MIN_RENDER_INTERVAL_MS = 600;

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
  #lastRender = 0;
  /** The chart the SVG (or the error) shows. */
  #rendered = '';

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

  /** Whether the graph is not yet drawn as last asked (the benchmark waits for it). */
  get busy(): boolean {
    return this.#busy || this.#queued || this.#rendered !== this.#chart;
  }

  #render(): void {
    if (this.#busy) {
      this.#queued = true;
      return;
    }
    this.#busy = true;
    void (async () => {
      const wait = this.#svg === '' ? 0 : this.#lastRender + MIN_RENDER_INTERVAL_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      // The latest chart, once the pause is over.
      const chart = this.#chart;
      try {
        const instance = await mermaid();
        const { svg } = await instance.render(`graph-${++renders}`, chart);
        this.#svg = svg;
        this.#error = undefined;
      } catch (error) {
        this.#error = error instanceof Error ? error.message : String(error);
      } finally {
        this.#lastRender = performance.now();
        this.#rendered = chart;
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
