// SQLite: new follow-ups' notes enter the trigram index in batches, a moment after they are recorded
// (migration 2026-12-04T0900, decision 0409). `relance serve` runs the indexer every 200 ms; the seed
// commands catch up before they end. Searches find a waiting note anyway: it is a candidate until indexed.
// PostgreSQL indexes notes as they are written (GIN): there is nothing to do there.
import type { Core } from '../../core.ts';
import { startTicker } from '../../shared/ticker.ts';
import { indexPendingNotes } from './followup.repository.ts';

export const NOTE_INDEX_INTERVAL_MS = 200;

/** Notes indexed per transaction: ~10 ms of work, so that a backlog never holds the server long. */
export const NOTE_INDEX_BATCH = 1000;

type Log = (line: string) => void;

/** Indexes every waiting note, batch after batch; returns how many. */
export async function indexAllPendingNotes(core: Core): Promise<number> {
  if (core.database.dialect !== 'sqlite') return 0;
  let total = 0;
  for (;;) {
    const n = await indexPendingNotes(core.database.db, NOTE_INDEX_BATCH);
    total += n;
    if (n < NOTE_INDEX_BATCH) return total;
  }
}

/**
 * Starts indexing waiting notes, one batch per tick (a backlog of 5,000 notes a second at most); returns
 * a function that stops it and waits for a batch in progress. A failed batch is retried on the next tick.
 */
export function startNoteIndexer(
  core: Core,
  options: { error?: Log; intervalMs?: number } = {},
): () => Promise<void> {
  if (core.database.dialect !== 'sqlite') return async () => {};
  const error = options.error ?? console.error;
  let failing = false;
  return startTicker(options.intervalMs ?? NOTE_INDEX_INTERVAL_MS, () =>
    indexPendingNotes(core.database.db, NOTE_INDEX_BATCH).then(
      () => {
        failing = false;
      },
      (err: unknown) => {
        // Said once per run of failures, not every 200 ms.
        if (!failing) error(`Search index of notes: ${err instanceof Error ? err.message : String(err)}`);
        failing = true;
      },
    ),
  );
}
