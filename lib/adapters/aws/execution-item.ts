/**
 * The state item of an execution, split so that commits write as little as possible:
 * - `core`: the state without `input`/`output`/`error`/`cause` (rewritten by every commit);
 * - `summary`: the state without `root` (input, output, error, cause, times, status), written at the
 *   start and whenever the execution has ended (or carries an output/error), and projected into the
 *   `byFlow` index; commits of a running execution leave it (and so the index) untouched;
 * - `definitionHash`: the definition lives once per version in its own item (`definition-items.ts`);
 *   items of layout 1 carry the definition inline in `definition`, and are read as they are;
 * - `outboxes`: a map `v{version}` → pending outbox of that commit (recovery scans for a non-empty
 *   one): `{committedAt, calls, events, commands}`, or, when that would pass
 *   `OUTBOX_INLINE_MAX_BYTES` stored, `{committedAt, calls, at}` with the content in its own item
 *   (sort key `at` = `o#{version}#{nonce}`, written before the commit, kept until its TTL), so that
 *   a large outbox is neither rewritten by every commit nor decoded by every load; layout 1 had one
 *   `outbox` attribute and a `pending` flag;
 * - `inbox`: a list of events waiting for the next commit (appended without a condition);
 * - `recent`: the latest committed history events, until they fill a page;
 * - `drainer`, `drainerUntil`: the drain lease of a busy execution's inbox;
 * - `version`; `expiresAt` once the execution has ended.
 * A loaded state is `{ ...summary, ...core }`.
 */
import type { ExecutionState, HistoryEvent } from '../../engine/types.ts';
import type { FlowDefinition } from '../../fdl/types.ts';
import {
  type CommittedOutbox,
  callsOfOutbox,
  type ExecutionRecord,
  type InboxEntry,
  type NewExecutionRecord,
  type Outbox,
  type PendingOutbox,
} from '../../ports/execution-store.ts';
import {
  decodeJson,
  type EncodedJson,
  encodeJson,
  executionKeyOf,
  executionPk,
  expiryOf,
  STATE_SK,
  startKey,
} from './item-codec.ts';

/** The attributes of a state item as stored (decoded by the document client). */
export interface StateItem {
  pk: string;
  sk: string;
  flowName: string;
  startKey: string;
  status: string;
  summary: EncodedJson;
  core: EncodedJson;
  definitionHash: string;
  outboxes: Record<string, EncodedJson>;
  inbox: EncodedJson[];
  recent: EncodedJson;
  version: number;
  expiresAt?: number;
}

/** The parts of the state stored in `core` only. */
type CoreState = Omit<ExecutionState, 'input' | 'output' | 'error' | 'cause'>;

/** The parts of the state stored in `summary`. */
export type SummaryState = Omit<ExecutionState, 'root'>;

/**
 * Largest stored size of an outbox kept inline in the state item; a larger one gets an item of its
 * own (one more request, and one more to delete it when its commit loses). A page of history events
 * (about 2 KB compressed) stays inline: most outboxes are cleared right after their commit, and a
 * fan-out's commits carry one. The calls that start a foreach (175 KB for 1,000) do not.
 */
export const OUTBOX_INLINE_MAX_BYTES = 8192;

/** The sort key prefix of outbox items. */
export const OUTBOX_PREFIX = 'o#';

/** A pending outbox as stored in the `outboxes` map (its version is the map key). */
type StoredOutbox = { committedAt: number; calls?: number[] } & (Outbox | { at: string });

/** A pending outbox as read from a state item: what it is, and its content or where that lives. */
export interface ReadOutbox {
  pending: PendingOutbox;
  /** The content, when stored inline. */
  content?: Outbox;
  /** The sort key of its own item, otherwise. */
  at?: string;
}

/** The state without its summary fields. */
export function coreOf(state: ExecutionState): CoreState {
  const { input: _input, output: _output, error: _error, cause: _cause, ...core } = state;
  return core;
}

/** The state without its interpreter frames (nor its token seed, which listings never need). */
export function summaryOf(state: ExecutionState): SummaryState {
  const { root: _root, tokenSeed: _tokenSeed, ...summary } = state;
  return summary;
}

/** True when the summary must be rewritten with this state (it has ended, or carries a result). */
export function summaryChanges(state: ExecutionState): boolean {
  return (
    state.status !== 'Running' ||
    state.output !== undefined ||
    state.error !== undefined ||
    state.cause !== undefined ||
    state.stoppedTime !== undefined
  );
}

/** True when an outbox holds work. */
export function outboxPending(outbox: Outbox): boolean {
  return outbox.events.length > 0 || outbox.commands.length > 0;
}

/** The map key of the pending outbox of commit `version`. */
export function outboxKey(version: number): string {
  return `v${version}`;
}

/** A pending outbox encoded inline for the `outboxes` map. */
export function encodeOutbox(outbox: CommittedOutbox, compressAbove: number): EncodedJson {
  const stored: StoredOutbox = {
    committedAt: outbox.committedAt,
    calls: outbox.calls,
    events: outbox.events,
    commands: outbox.commands,
  };
  return encodeJson(stored, compressAbove);
}

/** The `outboxes` map entry of an outbox whose content is in item `at`. */
export function encodeOutboxReference(outbox: PendingOutbox, at: string, compressAbove: number): EncodedJson {
  const stored: StoredOutbox = { committedAt: outbox.committedAt, calls: outbox.calls, at };
  return encodeJson(stored, compressAbove);
}

/** An inbox entry encoded for the `inbox` list. */
export function encodeInboxEntry(entry: InboxEntry, compressAbove: number): EncodedJson {
  return encodeJson(entry, compressAbove);
}

/** The TTL of a state (epoch seconds) once it has ended, else `undefined`. */
export function stateExpiry(state: ExecutionState, retentionDays: number): number | undefined {
  if (state.status === 'Running') return undefined;
  return expiryOf(state.stoppedTime ?? state.startedTime, retentionDays);
}

/**
 * The full state item of a new record (its definition stored apart under `definitionHash`), its
 * outboxes' `outboxes` entries given (inline or references, see `placeOutbox`).
 */
export function newStateItem(
  record: NewExecutionRecord,
  definitionHash: string,
  retentionDays: number,
  compressAbove: number,
  outboxes: Record<string, EncodedJson>,
): StateItem {
  const expiresAt = stateExpiry(record.state, retentionDays);
  return {
    pk: executionPk(record.key),
    sk: STATE_SK,
    flowName: record.key.flowName,
    startKey: startKey(record.state.startedTime, record.key.executionName),
    status: record.state.status,
    summary: encodeJson(summaryOf(record.state), compressAbove),
    core: encodeJson(coreOf(record.state), compressAbove),
    definitionHash,
    outboxes,
    inbox: record.inbox.map((entry) => encodeInboxEntry(entry, compressAbove)),
    recent: encodeJson(record.recentHistory, compressAbove),
    version: record.version,
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

/** The state of a stored state item (or of a `byFlow` index entry, `core` absent: no `root`). */
export function stateOfItem(item: Record<string, unknown>): ExecutionState {
  const summary = decodeJson<SummaryState>(item.summary);
  if (item.core === undefined) return summary;
  return { ...summary, ...decodeJson<CoreState>(item.core) };
}

/** The pending outboxes of a stored item, oldest first (layout 1: its one `outbox`, if not empty). */
export function outboxesOfItem(item: Record<string, unknown>): ReadOutbox[] {
  const version = Number(item.version);
  if (item.outboxes === undefined) {
    if (item.outbox === undefined) return [];
    const legacy = decodeJson<Outbox>(item.outbox);
    // Its committer is long gone (an older engine): carried out by the next touch.
    if (!outboxPending(legacy)) return [];
    return [{ pending: { version, committedAt: 0, calls: callsOfOutbox(legacy) }, content: legacy }];
  }
  return Object.entries(item.outboxes as Record<string, unknown>)
    .map(([key, value]): ReadOutbox => {
      const stored = decodeJson<StoredOutbox>(value);
      const content = 'at' in stored ? undefined : { events: stored.events, commands: stored.commands };
      const pending: PendingOutbox = {
        version: Number(key.slice(1)),
        committedAt: stored.committedAt,
        // Stored before calls were listed: computed from the content.
        calls: stored.calls ?? (content !== undefined ? callsOfOutbox(content) : []),
      };
      return {
        pending,
        ...(content !== undefined ? { content } : {}),
        ...('at' in stored ? { at: stored.at } : {}),
      };
    })
    .sort((a, b) => a.pending.version - b.pending.version);
}

/** True when the item has the layout of schema 1 (inline definition, one outbox). */
export function isLegacyItem(item: Record<string, unknown>): boolean {
  return item.outboxes === undefined;
}

/** The record of a stored state item, given its definition and its outboxes (`outboxesOfItem`). */
export function recordOfItem(
  item: Record<string, unknown>,
  definition: FlowDefinition,
  outboxes: readonly ReadOutbox[],
): ExecutionRecord {
  return {
    key: executionKeyOf(String(item.pk)),
    definition,
    state: stateOfItem(item),
    version: Number(item.version),
    outboxes: outboxes.map((read) => read.pending),
    inbox: ((item.inbox as unknown[] | undefined) ?? []).map((entry) => decodeJson<InboxEntry>(entry)),
    recentHistory: item.recent === undefined ? [] : decodeJson<HistoryEvent[]>(item.recent),
    ...(typeof item.drainer === 'string' && item.drainerUntil !== undefined
      ? { drainer: { owner: item.drainer, until: Number(item.drainerUntil) } }
      : {}),
  };
}
