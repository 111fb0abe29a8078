import { html, nothing, type TemplateResult } from 'lit-html';
import { get, segment } from '../api.ts';
import { errorBox, loading } from '../components/error-box.ts';
import { pager } from '../components/pager.ts';
import { formatTime } from '../format.ts';
import type { Tail } from '../live/tail-reader.ts';
import type { PageContext } from '../page.ts';
import type { HistoryEvent } from '../types.ts';

/** Events per page of the timeline. */
export const TIMELINE_PAGE = 100;

/** Event types that say something went wrong, and those that say something ended well. */
const BAD = /Failed|TimedOut|Stopped/;
const GOOD = /Succeeded|Exited/;

/** The details of an event as indented JSON, made once per event. */
const details = new WeakMap<HistoryEvent, string>();

function detailText(event: HistoryEvent): string {
  let text = details.get(event);
  if (text === undefined) {
    text = JSON.stringify(event.detail, null, 2);
    details.set(event, text);
  }
  return text;
}

/** The one-line gist of an event's detail: its error and cause, or the resource it calls. */
function gist(event: HistoryEvent): string {
  const { detail } = event;
  if (typeof detail.error === 'string')
    return `${detail.error}${typeof detail.cause === 'string' ? `: ${detail.cause}` : ''}`;
  if (event.type === 'TaskScheduled' && typeof detail.resourceArn === 'string') return detail.resourceArn;
  if (
    (event.type === 'IterationEntered' || event.type === 'BranchEntered') &&
    typeof detail.index === 'number'
  )
    return `#${detail.index}`;
  return '';
}

/** One event of the timeline: a line, and its detail folded. */
function eventItem(event: HistoryEvent): TemplateResult {
  const tone = BAD.test(event.type) ? 'bad' : GOOD.test(event.type) ? 'good' : 'plain';
  const summary = gist(event);
  return html`<li class="event event-${tone}" data-event-id=${event.eventId}>
    <details>
      <summary>
        <span class="event-id">#${event.eventId}</span>
        <time datetime=${event.time}>${formatTime(event.time)}.${event.time.slice(20, 23)}</time>
        <span class="event-type">${event.type}</span>
        ${event.stepName ? html`<span class="event-step">${event.stepName}</span>` : nothing}
        ${summary ? html`<span class="event-gist">${summary}</span>` : nothing}
      </summary>
      <pre class="code" tabindex="0">${detailText(event)}</pre>
    </details>
  </li>`;
}

/**
 * The history as a timeline: the latest events (live, from the page's history reader), or pages of
 * it from the start read on demand. Never the whole history at once.
 */
export class HistoryPanel {
  #mode: 'latest' | 'pages' = 'latest';
  #page: HistoryEvent[] | undefined;
  #error: unknown;
  readonly #tokens: string[] = [];
  #token = '';
  #next: string | undefined;

  constructor(
    private readonly context: PageContext,
    private readonly flow: string,
    private readonly execution: string,
    private readonly latest: Tail<HistoryEvent>,
  ) {}

  async #read(token: string): Promise<void> {
    this.#page = undefined;
    this.#error = undefined;
    this.context.update();
    try {
      const answer = await get<{ events: HistoryEvent[]; nextToken?: string }>(
        `/flows/${segment(this.flow)}/executions/${segment(this.execution)}/history`,
        { limit: TIMELINE_PAGE, nextToken: token },
      );
      this.#token = token;
      this.#page = answer.events;
      this.#next = answer.nextToken;
    } catch (error) {
      this.#error = error;
    }
    this.context.update();
  }

  #show(mode: 'latest' | 'pages'): void {
    this.#mode = mode;
    if (mode === 'pages' && this.#page === undefined) void this.#read('');
    this.context.update();
  }

  view(): TemplateResult {
    const latest = this.#mode === 'latest';
    const total = this.latest.total;
    return html`<section aria-labelledby="history-heading">
      <div class="section-head">
        <h2 id="history-heading">History</h2>
        <div class="segmented" role="group" aria-label="Which events">
          <button type="button" aria-pressed=${latest ? 'true' : 'false'} @click=${() => this.#show('latest')}>Latest</button>
          <button type="button" aria-pressed=${latest ? 'false' : 'true'} @click=${() => this.#show('pages')}>From the start</button>
        </div>
      </div>
      ${latest ? this.#latest(total) : this.#pages()}
    </section>`;
  }

  #latest(total: number): TemplateResult {
    const events = this.latest.items;
    if (events.length === 0) return loading('the history');
    return html`<p class="muted" aria-live="polite">
        ${total > events.length ? `The latest ${events.length} of ${total} events` : `${total} events`}, oldest first.
      </p>
      <ol class="timeline" aria-label="History events">${events.map(eventItem)}</ol>`;
  }

  #pages(): TemplateResult {
    if (this.#error !== undefined) return errorBox(this.#error, 'The history could not be read');
    if (this.#page === undefined) return loading('the history');
    const first = this.#page[0]?.eventId ?? 0;
    const last = this.#page.at(-1)?.eventId ?? 0;
    return html`<p class="muted">Events #${first}–#${last}.</p>
      <ol class="timeline" aria-label="History events">${this.#page.map(eventItem)}</ol>
      ${pager(
        this.#tokens.length > 0 ? () => void this.#read(this.#tokens.pop() ?? '') : undefined,
        this.#next !== undefined
          ? () => {
              this.#tokens.push(this.#token);
              void this.#read(this.#next ?? '');
            }
          : undefined,
        'History pages',
      )}`;
  }
}
