/**
 * The HTML pages of approval links: the confirmation page a GET shows (it changes nothing: mail
 * scanners prefetch links), and the pages that say what a POST recorded or why a link was refused.
 * Every value is escaped; the pages load nothing and may only post to themselves.
 */
import type { HttpResponse } from './http.ts';

/** What a page shows of its task. */
export interface PageTask {
  flowName: string;
  executionName: string;
  stepName: string;
}

/** Headers of every page: no caching, no framing, no referrer, nothing loaded from anywhere. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
};

/** `text` safe inside HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A whole page with `title` and `body` (already HTML). */
function page(status: number, title: string, body: string): HttpResponse {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}
dt{font-weight:600}textarea{width:100%;min-height:5rem}button{font-size:1rem;padding:.5rem 1.5rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
  return { status, headers: { ...PAGE_HEADERS }, body: html };
}

/** The task's flow, execution and step as a definition list. */
function taskFacts(task: PageTask): string {
  return `<dl><dt>Flow</dt><dd id="flow">${escapeHtml(task.flowName)}</dd>
<dt>Execution</dt><dd id="execution">${escapeHtml(task.executionName)}</dd>
<dt>Step</dt><dd id="step">${escapeHtml(task.stepName)}</dd></dl>`;
}

/** The verb of a decision. */
function verb(decision: 'approve' | 'reject'): string {
  return decision === 'approve' ? 'Approve' : 'Reject';
}

/** 200: the confirmation page (GET), with a comment field and one confirm button posting to itself. */
export function confirmationPage(
  task: PageTask,
  decision: 'approve' | 'reject',
  maxComment: number,
): HttpResponse {
  return page(
    200,
    `${verb(decision)} this step?`,
    `${taskFacts(task)}
<p>Nothing is recorded until you confirm.</p>
<form method="post"><p><label for="comment">Comment (optional)</label><br>
<textarea id="comment" name="comment" maxlength="${maxComment}"></textarea></p>
<p><button type="submit" id="confirm">${verb(decision)}</button></p></form>`,
  );
}

/** 200: what the POST recorded. */
export function recordedPage(task: PageTask, approved: boolean, decidedAt: string): HttpResponse {
  return page(
    200,
    approved ? 'Approved' : 'Rejected',
    `${taskFacts(task)}<p id="outcome">Recorded: <strong>${approved ? 'approved' : 'rejected'}</strong> at ${escapeHtml(decidedAt)}.</p>`,
  );
}

/** 410: the task has ended (decided, timed out, cancelled) or is gone. */
export function endedPage(task: PageTask | undefined, why: string): HttpResponse {
  return page(
    410,
    'This step has already ended',
    `${task !== undefined ? taskFacts(task) : ''}<p id="outcome">${escapeHtml(why)}</p><p>Nothing was recorded.</p>`,
  );
}

/** 403: a bad or expired link. */
export function refusedPage(why: string): HttpResponse {
  return page(
    403,
    'This link cannot be used',
    `<p id="outcome">${escapeHtml(why)}</p><p>Nothing was recorded.</p>`,
  );
}

/** 400: a request the page did not make (a comment too long). */
export function badRequestPage(why: string): HttpResponse {
  return page(
    400,
    'This request cannot be used',
    `<p id="outcome">${escapeHtml(why)}</p><p>Nothing was recorded.</p>`,
  );
}
