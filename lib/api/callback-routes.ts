/**
 * The two routes of approval links (api.md "Approval links"): `GET /callbacks/{taskId}/{decision}`
 * shows a page and changes nothing; `POST` (the page's form, `comment` optional) reports the task
 * succeeded with `{approved, comment?, decidedAt}` through the same path as a report by task id. A
 * bad or expired signature answers 403 and reports nothing; a task that has ended answers 410.
 */
import type { Clock } from '../ports/clock.ts';
import type { Decision, LinkSigner } from '../runtime/approval-links.ts';
import { isOperationError } from '../runtime/errors.ts';
import type { Operations, TaskView } from '../runtime/operations/index.ts';
import {
  badRequestPage,
  confirmationPage,
  endedPage,
  type PageTask,
  recordedPage,
  refusedPage,
} from './approval-page.ts';
import type { HttpRequest, HttpResponse } from './http.ts';
import { MAX_REQUEST_BODY_BYTES } from './request-input.ts';
import type { OperationsProvider } from './rest.ts';
import type { HttpRoute } from './router.ts';

/** The path of the two routes (the stack declares it too). */
export const CALLBACK_ROUTE_PATH = '/callbacks/{taskId}/{decision}';

/** Longest comment a decision records, in characters. */
export const MAX_DECISION_COMMENT = 2000;

/** What the callback routes need: the signer of the links, and the engine's clock. */
export interface ApprovalOptions {
  signer: LinkSigner;
  clock: Clock;
}

/** Why an ended task ended, for its page. */
function endedWhy(task: TaskView): string {
  switch (task.outcome) {
    case 'succeeded':
      return 'A decision has already been recorded for this step.';
    case 'failed':
      return 'This step has already been reported as failed.';
    case 'timedOut':
      return 'This step timed out before a decision was made.';
    default:
      return 'This step was cancelled (its execution stopped, or its branch ended).';
  }
}

/** The task of a link, or the page that says why there is none to decide. */
async function taskOrPage(ops: Operations, taskId: string): Promise<TaskView | HttpResponse> {
  try {
    const task = await ops.describeTask({ taskId });
    return task.status === 'ended' ? endedPage(task, endedWhy(task)) : task;
  } catch (error) {
    if (isOperationError(error, 'TaskNotExists')) return endedPage(undefined, 'This step no longer exists.');
    throw error;
  }
}

/** The refusal page of a link that does not check out, or `undefined` when it is valid now. */
function refusal(options: ApprovalOptions, request: HttpRequest, taskId: string, decision: string) {
  const check = options.signer.check(
    taskId,
    decision,
    request.query.expires ?? '',
    request.query.signature ?? '',
    options.clock.now(),
  );
  if (check === 'forged')
    return refusedPage('This link is not valid: it was altered, or it was not made by this engine.');
  if (check === 'expired') return refusedPage('This link has expired.');
  return undefined;
}

/** The `comment` of a form body (`application/x-www-form-urlencoded`), or a 400 page. */
function commentOf(request: HttpRequest): string | undefined | HttpResponse {
  const body = request.body ?? '';
  if (Buffer.byteLength(body, 'utf8') > MAX_REQUEST_BODY_BYTES)
    return badRequestPage('The request is too large.');
  const comment = new URLSearchParams(body).get('comment')?.trim() ?? '';
  if (comment.length > MAX_DECISION_COMMENT)
    return badRequestPage(`The comment is longer than ${MAX_DECISION_COMMENT} characters.`);
  return comment === '' ? undefined : comment;
}

/** True when `value` is a page already (not a task). */
function isPage(value: TaskView | HttpResponse): value is HttpResponse {
  return typeof value.status === 'number';
}

/** The facts a page shows of a task. */
function facts(task: TaskView): PageTask {
  return { flowName: task.flowName, executionName: task.executionName, stepName: task.stepName };
}

/** GET and POST `/callbacks/{taskId}/{decision}` over `getOperations`. */
export function callbackRoutes(getOperations: OperationsProvider, options: ApprovalOptions): HttpRoute[] {
  const path = CALLBACK_ROUTE_PATH;
  return [
    {
      method: 'GET',
      path,
      handle: async (request, params) => {
        const taskId = params.taskId ?? '';
        const decision = params.decision ?? '';
        const refused = refusal(options, request, taskId, decision);
        if (refused !== undefined) return refused;
        const task = await taskOrPage(await getOperations(), taskId);
        return isPage(task)
          ? task
          : confirmationPage(facts(task), decision as Decision, MAX_DECISION_COMMENT);
      },
    },
    {
      method: 'POST',
      path,
      handle: async (request, params) => {
        const taskId = params.taskId ?? '';
        const decision = params.decision ?? '';
        const refused = refusal(options, request, taskId, decision);
        if (refused !== undefined) return refused;
        const comment = commentOf(request);
        if (typeof comment === 'object') return comment;
        const ops = await getOperations();
        const task = await taskOrPage(ops, taskId);
        if (isPage(task)) return task;
        const approved = decision === 'approve';
        const decidedAt = new Date(options.clock.now()).toISOString();
        try {
          await ops.reportTaskSucceededById({
            taskId,
            output: { approved, ...(comment !== undefined ? { comment } : {}), decidedAt },
          });
        } catch (error) {
          if (!isOperationError(error, 'TaskAlreadyCompleted', 'TaskTimedOut', 'TaskNotExists')) throw error;
          const now = await taskOrPage(ops, taskId);
          return 'status' in now && typeof now.status === 'number'
            ? now
            : endedPage(facts(task as TaskView), 'This step has already ended.');
        }
        return recordedPage(facts(task), approved, decidedAt);
      },
    },
  ];
}
