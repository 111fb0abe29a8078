import { html, nothing, type TemplateResult } from 'lit-html';

/** Previous / next buttons of a paged list; a missing action disables its button. */
export function pager(
  previous: (() => void) | undefined,
  next: (() => void) | undefined,
  label: string,
): TemplateResult | typeof nothing {
  if (!previous && !next) return nothing;
  return html`<nav class="pager" aria-label=${label}>
    <button type="button" ?disabled=${!previous} @click=${() => previous?.()}>Previous page</button>
    <button type="button" ?disabled=${!next} @click=${() => next?.()}>Next page</button>
  </nav>`;
}
