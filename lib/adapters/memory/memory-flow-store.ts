/** In-memory `FlowStore`, copied in and out, with conditional updates on version. */
import type { Page } from '../../ports/execution-store.ts';
import type { FlowChanges, FlowRecord, FlowStore, FlowUpdateResult } from '../../ports/flow-store.ts';
import { FaultPlan } from './faults.ts';

/** Operations of the flow store that faults can be planned for. */
export type FlowStoreOperation = keyof FlowStore;

/** An in-memory flow store. */
export class MemoryFlowStore implements FlowStore {
  /** Planned faults (`failNext('update', 'conflict', Infinity)` makes every update lose its race). */
  readonly faults = new FaultPlan<FlowStoreOperation>();
  readonly #flows = new Map<string, FlowRecord>();

  async create(record: FlowRecord): Promise<{ created: boolean; record: FlowRecord }> {
    this.faults.take('create');
    const existing = this.#flows.get(record.name);
    if (existing !== undefined) return { created: false, record: structuredClone(existing) };
    this.#flows.set(record.name, structuredClone(record));
    return { created: true, record: structuredClone(record) };
  }

  async get(name: string): Promise<FlowRecord | undefined> {
    this.faults.take('get');
    const record = this.#flows.get(name);
    return record === undefined ? undefined : structuredClone(record);
  }

  async update(name: string, expectedVersion: number, changes: FlowChanges): Promise<FlowUpdateResult> {
    const fault = this.faults.take('update');
    const record = this.#flows.get(name);
    if (record === undefined) return { ok: false, notFound: true };
    if (fault === 'conflict' || record.version !== expectedVersion) {
      return { ok: false, conflict: true, currentVersion: record.version };
    }
    const updated: FlowRecord = { ...record, ...structuredClone(changes), version: record.version + 1 };
    this.#flows.set(name, updated);
    return { ok: true, record: structuredClone(updated) };
  }

  async delete(name: string): Promise<boolean> {
    this.faults.take('delete');
    return this.#flows.delete(name);
  }

  async list(limit: number, after?: string): Promise<Page<FlowRecord, string>> {
    this.faults.take('list');
    const names = [...this.#flows.keys()].filter((name) => after === undefined || name > after).sort();
    const items = names.slice(0, limit).map((name) => structuredClone(this.#flows.get(name) as FlowRecord));
    const last = items.at(-1);
    return { items, ...(names.length > items.length && last !== undefined ? { next: last.name } : {}) };
  }
}
