/** Flow management: CreateFlow, DescribeFlow, UpdateFlow, DeleteFlow, ListFlows. */
import { parseFlow, validateFlowName } from '../../fdl/index.ts';
import type { FlowDefinition } from '../../fdl/types.ts';
import type { FlowChanges, FlowRecord } from '../../ports/flow-store.ts';
import { OperationError } from '../errors.ts';
import { MAX_APPLY_ATTEMPTS, MAX_DESCRIPTION_LENGTH } from '../limits.ts';
import type { Runtime } from '../runtime.ts';
import {
  decodePageToken,
  encodePageToken,
  invalidArgument,
  optionalString,
  pageLimit,
  requireName,
} from './arguments.ts';
import { type FlowView, flowView } from './views.ts';

/** CreateFlow: `{name, definition, description?}` (body fields are checked, hence `unknown`). */
export interface CreateFlowRequest {
  name: unknown;
  definition: unknown;
  description?: unknown;
}

/** UpdateFlow: `{name, definition?, description?}`. */
export interface UpdateFlowRequest {
  name: unknown;
  definition?: unknown;
  description?: unknown;
}

/** ListFlows: `{limit?, nextToken?}`. */
export interface ListFlowsRequest {
  limit?: unknown;
  nextToken?: unknown;
}

/** ListFlows' answer. */
export interface ListFlowsAnswer {
  flows: FlowView[];
  nextToken?: string;
}

/** Checks and parses a definition text; `InvalidDefinition` with every issue (size included) when invalid. */
function parseDefinition(value: unknown): { text: string; definition: FlowDefinition } {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidArgument('definition is required and must be a non-empty string');
  }
  const parsed = parseFlow(value);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    const summary =
      first === undefined ? '' : `: ${first.path === '' ? '' : `${first.path}: `}${first.message}`;
    throw new OperationError(
      'InvalidDefinition',
      `definition has ${parsed.issues.length} problem(s)${summary}`,
      parsed.issues,
    );
  }
  return { text: value, definition: parsed.definition };
}

/** The description (optional, at most 256 characters). */
function description(value: unknown): string | undefined {
  return optionalString(value, 'description', 0, MAX_DESCRIPTION_LENGTH);
}

/** `FlowNotExists` for `name`. */
function flowNotExists(name: string): OperationError {
  return new OperationError('FlowNotExists', `Flow '${name}' does not exist`);
}

/** The flow operations. */
export class FlowOperations {
  readonly #runtime: Runtime;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  /** CreateFlow → Flow. `FlowAlreadyExists` when the name is taken. */
  async createFlow(request: CreateFlowRequest): Promise<FlowView> {
    const name = requireName(request.name, 'name', validateFlowName);
    const given = description(request.description);
    const { text, definition } = parseDefinition(request.definition);
    const now = this.#runtime.deps.clock.now();
    const record: FlowRecord = {
      name,
      definitionText: text,
      definition,
      description: given ?? '',
      createdTime: now,
      lastModifiedTime: now,
      version: 1,
    };
    const created = await this.#runtime.deps.flows.create(record);
    if (!created.created) throw new OperationError('FlowAlreadyExists', `Flow '${name}' already exists`);
    return flowView(created.record);
  }

  /** DescribeFlow → Flow. */
  async describeFlow(request: { name: unknown }): Promise<FlowView> {
    const name = requireName(request.name, 'name', validateFlowName);
    const record = await this.#runtime.deps.flows.get(name);
    if (record === undefined) throw flowNotExists(name);
    return flowView(record);
  }

  /** UpdateFlow → Flow (running executions keep the definition they started with). */
  async updateFlow(request: UpdateFlowRequest): Promise<FlowView> {
    const name = requireName(request.name, 'name', validateFlowName);
    const given = description(request.description);
    const parsed = request.definition === undefined ? undefined : parseDefinition(request.definition);
    const { flows, clock } = this.#runtime.deps;
    for (let attempt = 1; attempt <= MAX_APPLY_ATTEMPTS; attempt++) {
      const current = await flows.get(name);
      if (current === undefined) throw flowNotExists(name);
      const changes: FlowChanges = {
        lastModifiedTime: clock.now(),
        ...(parsed !== undefined ? { definitionText: parsed.text, definition: parsed.definition } : {}),
        ...(given !== undefined ? { description: given } : {}),
      };
      const updated = await flows.update(name, current.version, changes);
      if (updated.ok) return flowView(updated.record);
      if ('notFound' in updated) throw flowNotExists(name);
      await this.#runtime.pause(attempt);
    }
    throw new OperationError('ConcurrentUpdateError', `Flow '${name}' was updated concurrently; retry`);
  }

  /** DeleteFlow → `{}`. Executions of the flow stay readable. */
  async deleteFlow(request: { name: unknown }): Promise<Record<string, never>> {
    const name = requireName(request.name, 'name', validateFlowName);
    if (!(await this.#runtime.deps.flows.delete(name))) throw flowNotExists(name);
    return {};
  }

  /** ListFlows → `{flows, nextToken?}`, by name. */
  async listFlows(request: ListFlowsRequest = {}): Promise<ListFlowsAnswer> {
    const limit = pageLimit(request.limit);
    const after = decodePageToken(request.nextToken, { n: 'string' });
    const page = await this.#runtime.deps.flows.list(limit, after?.n);
    return {
      flows: page.items.map(flowView),
      ...(page.next !== undefined ? { nextToken: encodePageToken({ n: page.next }) } : {}),
    };
  }
}
