/**
 * The deploy-flows handler (the `deploy-flows` Lambda's): the CloudFormation custom resource that deploys the flows of the
 * `FlowEngine` construct's `flowsDir` at every stack create/update. Every flow is checked with
 * `parseFlow` first, so that one invalid file fails the deployment with every problem listed (and
 * stores nothing); then each is created, or updated when its stored definition differs, through the
 * flow operations. Deleting the resource leaves the flows (the tables keep executions that use them).
 */
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import { formatDefinitionIssue } from '../fdl/format-issue.ts';
import { parseFlow, validateFlowName } from '../fdl/index.ts';
import type { Operations } from '../runtime/operations/index.ts';
import { type FolderFlow, storeFolderFlows } from '../runtime/operations/store-flows.ts';

/** One flow in the resource's properties (`Flows`). */
export interface DeployedFlow {
  name: string;
  definition: string;
}

/** The resource's properties. */
export interface DeployFlowsProperties {
  Flows?: DeployedFlow[];
}

/** Sends the answer to CloudFormation (a PUT to the pre-signed `ResponseURL`). */
export type ResponseSender = (url: string, response: CloudFormationCustomResourceResponse) => Promise<void>;

/** Where the handler reports what it did and what failed (default: the function's log). */
export type DeployFlowsLog = (message: string, error?: unknown) => void;

/** Logs to the console (CloudWatch Logs, in the function). */
const consoleLog: DeployFlowsLog = (message, error) => {
  if (error === undefined) console.log(message);
  else console.error(message, error);
};

/** The custom resource handler (it always answers CloudFormation, and never throws). */
export type DeployFlowsHandler = (
  event: CloudFormationCustomResourceEvent<DeployFlowsProperties>,
) => Promise<CloudFormationCustomResourceResponse>;

/** The physical id of the resource (one per stack: updates never replace it). */
export const FLOWS_RESOURCE_ID = 'flowback-flows';

/** CloudFormation refuses answers above 4096 bytes: the reason is cut well below. */
const MAX_REASON_LENGTH = 3000;

/** `text` cut to `MAX_REASON_LENGTH` characters, saying so. */
function reason(text: string): string {
  return text.length <= MAX_REASON_LENGTH ? text : `${text.slice(0, MAX_REASON_LENGTH - 20)}… (cut)`;
}

/** Every problem of `flows` (names and definitions), one line each, or none. */
export function flowProblems(flows: readonly DeployedFlow[]): string[] {
  const problems: string[] = [];
  for (const flow of flows) {
    const nameProblem = validateFlowName(flow.name);
    if (nameProblem !== undefined) problems.push(`${flow.name}: not a valid flow name: ${nameProblem}`);
    const parsed = parseFlow(flow.definition);
    if (!parsed.ok) for (const issue of parsed.issues) problems.push(formatDefinitionIssue(flow.name, issue));
  }
  return problems;
}

/** The flows of the properties, checked. */
function folderFlows(flows: readonly DeployedFlow[]): FolderFlow[] {
  return flows.map((flow) => {
    const parsed = parseFlow(flow.definition);
    if (!parsed.ok) throw new Error(`flow ${flow.name} is invalid`);
    return { name: flow.name, file: flow.name, text: flow.definition, definition: parsed.definition };
  });
}

/** A PUT of the answer to the pre-signed URL (no content type: the URL is signed without one). */
export const putResponse: ResponseSender = async (url, response) => {
  const body = new TextEncoder().encode(JSON.stringify(response));
  const answer = await fetch(url, {
    method: 'PUT',
    body,
    headers: { 'content-type': '', 'content-length': String(body.length) },
  });
  if (!answer.ok) throw new Error(`CloudFormation response refused: HTTP ${answer.status}`);
};

/** The handler over the operations `getOperations` gives, answering through `send`. */
export function createDeployFlowsHandler(
  getOperations: () => Operations | Promise<Operations>,
  send: ResponseSender = putResponse,
  log: DeployFlowsLog = consoleLog,
): DeployFlowsHandler {
  return async (event) => {
    const common = {
      PhysicalResourceId: FLOWS_RESOURCE_ID,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    };
    let response: CloudFormationCustomResourceResponse;
    try {
      if (event.RequestType === 'Delete') {
        response = { ...common, Status: 'SUCCESS' };
      } else {
        const flows = event.ResourceProperties.Flows ?? [];
        const problems = flowProblems(flows);
        if (problems.length > 0) {
          response = {
            ...common,
            Status: 'FAILED',
            Reason: reason(`invalid flows:\n${problems.join('\n')}`),
          };
        } else {
          const stored = await storeFolderFlows(await getOperations(), folderFlows(flows));
          log(`deploy-flows: ${JSON.stringify(stored)}`);
          response = {
            ...common,
            Status: 'SUCCESS',
            Data: {
              Created: stored.created.join(','),
              Updated: stored.updated.join(','),
              Unchanged: stored.unchanged.join(','),
            },
          };
        }
      }
    } catch (error) {
      log('deploy-flows: failed:', error);
      response = { ...common, Status: 'FAILED', Reason: reason(`deploying flows failed: ${String(error)}`) };
    }
    try {
      await send(event.ResponseURL, response);
    } catch (error) {
      log('deploy-flows: could not answer CloudFormation:', error);
    }
    return response;
  };
}
