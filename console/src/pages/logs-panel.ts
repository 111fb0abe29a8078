import { html, nothing, type TemplateResult } from 'lit-html';
import { get, segment } from '../api.ts';
import { errorBox, toConsoleError } from '../components/error-box.ts';
import { formatTime } from '../format.ts';
import { Tail, TailReader } from '../live/tail-reader.ts';
import type { LogEntry } from '../types.ts';

/** Log lines kept in the page: the latest. */
const LOG_LINES_SHOWN = 300;
/** Lines read per request. */
const LOG_PAGE = 1000;

/** What functions logged during the execution (GetExecutionLogs), the latest lines, followed live. */
export class LogsPanel {
  readonly #tail = new Tail<LogEntry>(LOG_LINES_SHOWN);
  readonly #reader: TailReader<LogEntry>;
  #error: unknown;
  /** The endpoint keeps no logs (GetExecutionLogs answers `InvalidArgument` on AWS). */
  #unavailable: string | undefined;
  #read = false;

  constructor(flow: string, execution: string) {
    this.#reader = new TailReader<LogEntry>(
      async (token) => {
        const page = await get<{ logs: LogEntry[]; nextToken?: string }>(
          `/flows/${segment(flow)}/executions/${segment(execution)}/logs`,
          { limit: LOG_PAGE, nextToken: token },
        );
        return { items: page.logs, ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}) };
      },
      (lines) => this.#tail.push(lines),
    );
  }

  /** Reads what was logged since the last call. */
  async refresh(): Promise<void> {
    if (this.#unavailable !== undefined) return;
    try {
      await this.#reader.catchUp();
      this.#error = undefined;
    } catch (error) {
      const problem = toConsoleError(error);
      if (problem.code === 'InvalidArgument' || problem.status === 404) this.#unavailable = problem.message;
      else this.#error = error;
    }
    this.#read = true;
  }

  view(): TemplateResult {
    const lines = this.#tail.items;
    return html`<section aria-labelledby="logs-heading">
      <h2 id="logs-heading">Logs</h2>
      ${
        this.#unavailable !== undefined
          ? html`<p class="muted">This endpoint keeps no execution logs (${this.#unavailable}). On AWS, functions log to CloudWatch Logs.</p>`
          : nothing
      }
      ${this.#error !== undefined ? errorBox(this.#error, 'The logs could not be read') : nothing}
      ${
        this.#read && this.#unavailable === undefined && lines.length === 0
          ? html`<p class="muted">No function logged anything.</p>`
          : nothing
      }
      ${
        lines.length > 0
          ? html`<p class="muted">${this.#tail.total > lines.length ? `The latest ${lines.length} of ${this.#tail.total} lines.` : `${lines.length} lines.`}</p>
              <div class="table-wrap logs" tabindex="0" role="region" aria-label="Log lines"><table>
                <thead><tr><th scope="col">Time</th><th scope="col">Level</th><th scope="col">Step</th><th scope="col">Message</th></tr></thead>
                <tbody>${lines.map(
                  (line) => html`<tr class=${`log-${line.level.toLowerCase()}`}>
                    <td><time datetime=${line.time}>${formatTime(line.time)}</time></td>
                    <td>${line.level}</td><td>${line.stepName}</td><td><pre class="log-message">${line.message}</pre></td>
                  </tr>`,
                )}</tbody>
              </table></div>`
          : nothing
      }
    </section>`;
  }
}
