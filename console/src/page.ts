/** What a page of the console is, and what it can ask of the app. */
import type { TemplateResult } from 'lit-html';

/** The app's services for a page. */
export interface PageContext {
  /** Renders the page again (batched). */
  update(): void;
  /** Goes to another page of the console. */
  navigate(href: string): void;
  /** A message shown on the next page (after a deletion, say). */
  flash(message: string): void;
}

/** A page of the console. */
export interface Page {
  /** The document title. */
  readonly title: string;
  view(): TemplateResult;
  /** Stops its polling. */
  dispose(): void;
}
