/**
 * Follows an append-only listing read in pages (a history, a log): reads every page once, then
 * re-reads only its last page, from the same token, for what was added since. The items are handed
 * over as they come and not kept here, so that a history of 25,000 events is never held whole.
 */

/** One page of a listing. */
export interface ListingPage<T> {
  items: T[];
  nextToken?: string;
}

/** Reads one page from `token` (`undefined`: the first). */
export type PageFetcher<T> = (token: string | undefined) => Promise<ListingPage<T>>;

/** Follows one append-only listing: every page once, then its last page again for what was added. */
export class TailReader<T> {
  #token: string | undefined;
  /** How many items of the page at `#token` were handed over already. */
  #seen = 0;
  #pages = 0;

  constructor(
    private readonly fetchPage: PageFetcher<T>,
    private readonly onItems: (items: readonly T[]) => void,
  ) {}

  /** Pages read so far. */
  get pages(): number {
    return this.#pages;
  }

  /** Reads up to the end of the listing as it is now; `onPage` hears of each page that has a next. */
  async catchUp(onPage?: () => void): Promise<void> {
    for (;;) {
      const page = await this.fetchPage(this.#token);
      this.#pages++;
      const fresh = page.items.slice(this.#seen);
      if (fresh.length > 0) this.onItems(fresh);
      if (page.nextToken === undefined) {
        this.#seen = page.items.length;
        return;
      }
      this.#token = page.nextToken;
      this.#seen = 0;
      onPage?.();
    }
  }
}

/** The last `size` items added, oldest first. */
export class Tail<T> {
  readonly #items: T[] = [];
  #total = 0;

  constructor(readonly size: number) {}

  push(items: readonly T[]): void {
    this.#total += items.length;
    this.#items.push(...items.slice(-this.size));
    if (this.#items.length > this.size) this.#items.splice(0, this.#items.length - this.size);
  }

  get items(): readonly T[] {
    return this.#items;
  }

  /** How many were ever added. */
  get total(): number {
    return this.#total;
  }
}
