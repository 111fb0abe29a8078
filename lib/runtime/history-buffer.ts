/**
 * Which history events of a commit ride in the state item (`recentHistory`) and which are written
 * as pages. Events stay in the state item while they are few and small: a short execution (the
 * seed: seven events) then writes no history item at all, and a long one writes a page per
 * `RECENT_MAX_EVENTS` events instead of one per commit. Committed events are paged *before* the
 * next commit that drops them: a page of committed events is right whether that commit wins or not.
 */
import type { HistoryEvent } from '../engine/types.ts';

/** Most events kept in the state item. */
export const RECENT_MAX_EVENTS = 40;

/** Most bytes of JSON kept in the state item (it is rewritten by every commit). */
export const RECENT_MAX_BYTES = 6 * 1024;

/** How a commit places its events. */
export interface HistoryPlacement {
  /** Committed events to write as a page before the commit (dropped from the state item by it). */
  pageFirst: HistoryEvent[];
  /** The state item's recent history after the commit. */
  recent: HistoryEvent[];
  /** New events too many for the state item: written as pages after the commit (the outbox). */
  pageAfter: HistoryEvent[];
}

/** The size of events as JSON. */
function bytesOf(events: readonly HistoryEvent[]): number {
  return events.length === 0 ? 0 : Buffer.byteLength(JSON.stringify(events), 'utf8');
}

/** True when `events` may stay in the state item. */
function fits(events: readonly HistoryEvent[]): boolean {
  return events.length <= RECENT_MAX_EVENTS && bytesOf(events) <= RECENT_MAX_BYTES;
}

/** Places the new events of a commit, given the recent history it was computed from. */
export function placeHistory(
  recent: readonly HistoryEvent[],
  events: readonly HistoryEvent[],
): HistoryPlacement {
  if (events.length === 0) return { pageFirst: [], recent: [...recent], pageAfter: [] };
  const together = [...recent, ...events];
  if (fits(together)) return { pageFirst: [], recent: together, pageAfter: [] };
  if (fits(events)) return { pageFirst: [...recent], recent: [...events], pageAfter: [] };
  return { pageFirst: [...recent], recent: [], pageAfter: [...events] };
}
