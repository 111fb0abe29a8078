import hljs from 'highlight.js/lib/core';
import json from 'highlight.js/lib/languages/json';
import yaml from 'highlight.js/lib/languages/yaml';
import { html, type TemplateResult } from 'lit-html';
import { unsafeHTML } from 'lit-html/directives/unsafe-html.js';

hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('json', json);

/** Texts longer than this are shown without highlighting (it would only slow the page). */
const MAX_HIGHLIGHTED_CHARS = 200_000;

/** Highlighted HTML of `text` (highlight.js escapes it), cached for the last few texts. */
const cache = new Map<string, string>();

function highlighted(text: string, language: 'yaml' | 'json'): string {
  const key = `${language}\n${text}`;
  let value = cache.get(key);
  if (value === undefined) {
    value = hljs.highlight(text, { language, ignoreIllegals: true }).value;
    if (cache.size > 50) cache.clear();
    cache.set(key, value);
  }
  return value;
}

/**
 * Highlighted HTML split into lines, each a `<span class="line">`: spans open at a line break (a
 * multi-line string) are closed at its end and opened again on the next line, so that lines nest.
 */
export function splitLines(markup: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  for (const raw of markup.split('\n')) {
    const line = open.join('') + raw;
    for (const tag of raw.matchAll(/<span[^>]*>|<\/span>/g)) {
      if (tag[0] === '</span>') open.pop();
      else open.push(tag[0]);
    }
    lines.push(`<span class="line">${line}${'</span>'.repeat(open.length)}</span>`);
  }
  return lines;
}

/** A block of code with syntax highlighting and line numbers (CSS counters), focusable to scroll. */
export function codeBlock(text: string, language: 'yaml' | 'json', label: string): TemplateResult {
  if (text.length > MAX_HIGHLIGHTED_CHARS)
    return html`<pre class="code" tabindex="0" aria-label=${label}><code>${text}</code></pre>`;
  const lines = splitLines(highlighted(text, language)).join('\n');
  return html`<pre class="code numbered" tabindex="0" aria-label=${label}><code class="hljs language-${language}">${unsafeHTML(lines)}</code></pre>`;
}

/** A JSON value, highlighted. */
export function jsonBlock(value: unknown, label: string): TemplateResult {
  return codeBlock(JSON.stringify(value, null, 2) ?? 'null', 'json', label);
}
