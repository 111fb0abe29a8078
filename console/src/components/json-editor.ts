import { html, nothing, type TemplateResult } from 'lit-html';
import { live } from 'lit-html/directives/live.js';
import { parseJsonObject } from '../format.ts';

/** The state of a JSON object editor. */
export interface JsonField {
  text: string;
  /** Why the text is not a JSON object, once checked. */
  error?: string;
}

/** Checks a field; returns the object when it is one. */
export function checkJsonField(field: JsonField): Record<string, unknown> | undefined {
  const parsed = parseJsonObject(field.text);
  if (parsed.ok) {
    delete field.error;
    return parsed.value;
  }
  field.error = parsed.message;
  return undefined;
}

/** A labelled textarea for a JSON object, its problem shown under it and tied to it for screen readers. */
export function jsonEditor(
  id: string,
  label: string,
  field: JsonField,
  onInput: (text: string) => void,
  rows = 6,
): TemplateResult {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <textarea
      id=${id}
      class="code-input"
      rows=${rows}
      spellcheck="false"
      autocomplete="off"
      aria-invalid=${field.error ? 'true' : 'false'}
      aria-describedby=${`${id}-help`}
      .value=${live(field.text)}
      @input=${(event: Event) => onInput((event.target as HTMLTextAreaElement).value)}
    ></textarea>
    <p id=${`${id}-help`} class=${field.error ? 'field-error' : 'field-help'}>
      ${field.error ?? 'A JSON object.'}
    </p>
  </div>`;
}

/** A status line after an action, announced politely. */
export function statusLine(message: string | undefined): TemplateResult | typeof nothing {
  return message ? html`<p class="status-line" role="status">${message}</p>` : nothing;
}
