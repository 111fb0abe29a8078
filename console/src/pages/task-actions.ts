import { html, nothing, type TemplateResult } from 'lit-html';
import { live } from 'lit-html/directives/live.js';
import { ConsoleError, post, segment } from '../api.ts';
import { errorBox } from '../components/error-box.ts';
import { checkJsonField, type JsonField, jsonEditor } from '../components/json-editor.ts';
import type { TaskView } from '../types.ts';

/** The form of one task being reported. */
interface Report {
  kind: 'succeed' | 'fail';
  output: JsonField;
  error: string;
  cause: string;
  busy: boolean;
  problem?: unknown;
}

/**
 * Succeed / fail actions on waiting tasks, through report by task id (`POST /tasks/{taskId}/succeeded`
 * and `/failed`): the console never sees a task token.
 */
export class TaskActions {
  readonly #open = new Map<string, Report>();

  constructor(
    private readonly update: () => void,
    /** Told after a report was accepted (the caller reads the tasks again). */
    private readonly reported: (task: TaskView, message: string) => void,
  ) {}

  /** The buttons, or the open form, of `task`. */
  view(task: TaskView): TemplateResult {
    const report = this.#open.get(task.taskId);
    if (report === undefined)
      return html`<div class="actions">
        <button type="button" class="primary" aria-label=${`Succeed task ${task.stepName} of ${task.executionName}`}
          @click=${() => this.#start(task, 'succeed')}>Succeed…</button>
        <button type="button" aria-label=${`Fail task ${task.stepName} of ${task.executionName}`}
          @click=${() => this.#start(task, 'fail')}>Fail…</button>
      </div>`;
    const id = `report-${task.taskId}`;
    return html`<form class="report-form" aria-label=${`${report.kind === 'succeed' ? 'Succeed' : 'Fail'} task ${task.stepName}`}
        @submit=${(event: Event) => this.#submit(event, task, report)} novalidate>
      ${
        report.kind === 'succeed'
          ? jsonEditor(
              `${id}-output`,
              'Output',
              report.output,
              (text) => {
                report.output.text = text;
              },
              3,
            )
          : html`<div class="field">
                <label for=${`${id}-error`}>Error</label>
                <input id=${`${id}-error`} required autocomplete="off" .value=${live(report.error)}
                  @input=${(event: Event) => {
                    report.error = (event.target as HTMLInputElement).value;
                  }} />
              </div>
              <div class="field">
                <label for=${`${id}-cause`}>Cause</label>
                <input id=${`${id}-cause`} autocomplete="off" .value=${live(report.cause)}
                  @input=${(event: Event) => {
                    report.cause = (event.target as HTMLInputElement).value;
                  }} />
              </div>`
      }
      ${report.problem !== undefined ? errorBox(report.problem, 'Not reported') : nothing}
      <div class="actions">
        <button type="submit" class=${report.kind === 'succeed' ? 'primary' : 'danger'} ?disabled=${report.busy}>
          ${report.busy ? 'Reporting…' : report.kind === 'succeed' ? 'Report succeeded' : 'Report failed'}
        </button>
        <button type="button" @click=${() => this.#close(task)}>Cancel</button>
      </div>
    </form>`;
  }

  #start(task: TaskView, kind: Report['kind']): void {
    this.#open.set(task.taskId, { kind, output: { text: '{}' }, error: 'Rejected', cause: '', busy: false });
    this.update();
    requestAnimationFrame(() =>
      document.getElementById(`report-${task.taskId}-${kind === 'succeed' ? 'output' : 'error'}`)?.focus(),
    );
  }

  #close(task: TaskView): void {
    this.#open.delete(task.taskId);
    this.update();
  }

  async #submit(event: Event, task: TaskView, report: Report): Promise<void> {
    event.preventDefault();
    let body: Record<string, unknown>;
    if (report.kind === 'succeed') {
      const output = checkJsonField(report.output);
      if (output === undefined) {
        this.update();
        return;
      }
      body = { output };
    } else {
      if (report.error.trim() === '') {
        report.problem = new ConsoleError('InvalidArgument', 'An error name is required, like Rejected.', 0);
        this.update();
        return;
      }
      body = {
        error: report.error.trim(),
        ...(report.cause.trim() !== '' ? { cause: report.cause.trim() } : {}),
      };
    }
    report.busy = true;
    delete report.problem;
    this.update();
    try {
      const path = `/tasks/${segment(task.taskId)}/${report.kind === 'succeed' ? 'succeeded' : 'failed'}`;
      await post(path, body);
      this.#open.delete(task.taskId);
      this.reported(
        task,
        `Task ${task.stepName} of ${task.executionName} reported ${report.kind === 'succeed' ? 'succeeded' : 'failed'}.`,
      );
    } catch (error) {
      report.problem = error;
      report.busy = false;
    }
    this.update();
  }
}
