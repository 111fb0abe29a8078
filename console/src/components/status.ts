import { html, type TemplateResult } from 'lit-html';

/** An execution's status as a badge: a word and a colour (never the colour alone). */
export function statusBadge(status: string): TemplateResult {
  return html`<span class="status status-${status.toLowerCase()}">${status}</span>`;
}
