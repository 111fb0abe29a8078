/**
 * Start-up repair of the executions table's index by flow after a crash. dynalite writes a secondary
 * index entry *before* its item, as separate LevelDB writes (DynamoDB keeps both in step); a process
 * killed between the two leaves an index entry for a write that never happened: a start whose state
 * item was never written (and is written again, at another start time, by the retried start) lists
 * the execution twice, once as a ghost that stays `Running` forever. Through the DynamoDB API only
 * (dynalite re-derives an item's index entries on every write; lib/adapters/aws/execution-index.ts
 * reads and writes them), each entry is compared with its item:
 * - no item (or a placeholder left by a repair that was itself cut short): a placeholder item with
 *   the entry's key is written and deleted, which deletes the entry;
 * - an item under another start key: the item is moved to the entry's key and back, which deletes it;
 * - an item whose listed status or summary differ: the item is rewritten unchanged, which refreshes it.
 * Runs before anything else touches the tables; a crash during it leaves work for the next start.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ExecutionIndexEntries,
  type IndexEntryFault,
  type ListedExecution,
} from '../adapters/aws/execution-index.ts';

/** Repairs the index by flow of `table`; returns how many entries were stale. */
export async function repairExecutionIndex(client: DynamoDBClient, table: string): Promise<number> {
  const index = new ExecutionIndexEntries(client, table);
  let repaired = 0;
  for await (const batch of index.batches()) {
    for (const listed of batch) {
      const fault = index.faultOf(listed);
      if (fault === undefined) continue;
      await repairEntry(index, listed, fault);
      repaired += 1;
    }
  }
  return repaired;
}

/** Makes one stale entry agree with its item (see the file comment). */
async function repairEntry(
  index: ExecutionIndexEntries,
  listed: ListedExecution,
  fault: IndexEntryFault,
): Promise<void> {
  switch (fault) {
    case 'missing':
      await index.deleteEntry(listed);
      return;
    case 'moved':
      await index.rewriteIndexKey(listed, 'entry');
      await index.rewriteIndexKey(listed, 'item');
      return;
    case 'outdated':
      await index.rewriteIndexKey(listed, 'item');
      return;
  }
}
