import { html, nothing, type TemplateResult } from 'lit-html';
import { ConsoleError } from '../api.ts';

/** A console error from anything thrown. */
export function toConsoleError(error: unknown): ConsoleError {
  if (error instanceof ConsoleError) return error;
  return new ConsoleError('ConsoleBug', error instanceof Error ? error.message : String(error), 0);
}

/** A clear message for an error: what happened (its code), what to do; announced to screen readers. */
export function errorBox(error: unknown, title = 'Something went wrong'): TemplateResult {
  const problem = toConsoleError(error);
  return html`<div class="alert alert-error" role="alert" data-code=${problem.code}>
    <p class="alert-title"><strong>${title}</strong> <code>${problem.code}</code></p>
    <p>${problem.message}</p>
    ${problem.hint ? html`<p class="hint">${problem.hint}</p>` : nothing}
    ${problem.issues.length > 0 ? problemList(problem.issues) : nothing}
  </div>`;
}

/** The problems of a definition, `line:column path: message` each. */
export function problemList(
  issues: readonly { path: string; line: number; column: number; message: string }[],
): TemplateResult {
  return html`<ul class="problems" aria-label="Problems in the definition">
    ${issues.map(
      (issue) =>
        html`<li><span class="where">line ${issue.line}, column ${issue.column}</span>${
          issue.path ? html` <code>${issue.path}</code>` : nothing
        }: ${issue.message}</li>`,
    )}
  </ul>`;
}

/** A placeholder while something loads (announced politely). */
export function loading(what: string): TemplateResult {
  return html`<p class="loading" role="status">Loading ${what}…</p>`;
}
