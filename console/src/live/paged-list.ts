import type { nothing, TemplateResult } from 'lit-html';
import { pager } from '../components/pager.ts';
import { Poller } from './poller.ts';

/** A page of a listing as the API gives it, its items under their own name. */
export interface ListPage<T> {
  items: T[];
  nextToken?: string;
}

/**
 * A listing read a page at a time (flows, executions, tasks), with previous / next; its first page is
 * read again every `refreshMs` when given, so that it follows what is added.
 */
export class PagedList<T> {
  items: T[] | undefined;
  error: unknown;
  /** Tokens of the pages before this one (`''` for the first), for "Previous". */
  readonly #tokens: string[] = [];
  #token = '';
  #next: string | undefined;
  #poller: Poller;

  constructor(
    private readonly fetchPage: (token: string) => Promise<ListPage<T>>,
    private readonly update: () => void,
    private readonly refreshMs?: number,
  ) {
    this.#poller = this.#start();
  }

  /** Whether this is the first page. */
  get first(): boolean {
    return this.#token === '';
  }

  /** Reads the page again now (after an action). */
  reload(): void {
    this.#poller.now();
  }

  /** Previous / next buttons, when there is more than one page. */
  pager(label: string): TemplateResult | typeof nothing {
    return pager(
      this.#tokens.length > 0 ? () => this.#goTo(this.#tokens.pop() ?? '') : undefined,
      this.#next !== undefined
        ? () => {
            this.#tokens.push(this.#token);
            this.#goTo(this.#next ?? '');
          }
        : undefined,
      label,
    );
  }

  dispose(): void {
    this.#poller.stop();
  }

  #start(): Poller {
    return new Poller(() => this.#load(), this.refreshMs ?? 0).start();
  }

  #goTo(token: string): void {
    this.#poller.stop();
    this.#token = token;
    this.items = undefined;
    this.#poller = this.#start();
    this.update();
  }

  async #load(): Promise<boolean> {
    try {
      const page = await this.fetchPage(this.#token);
      this.items = page.items;
      this.#next = page.nextToken;
      this.error = undefined;
    } catch (error) {
      this.error = error;
      this.update();
      throw error;
    }
    this.update();
    // Only the first page follows what is added; later pages stay as they were read.
    return this.refreshMs !== undefined && this.#token === '';
  }
}
