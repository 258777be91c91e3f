// SQLite, in the server: the write-ahead log is copied back into the database file by a worker thread with
// its own connection, instead of by whichever request's commit crosses SQLite's 1,000-page threshold.
//
// A recorded follow-up wrote ~35 pages to the WAL (the row, its indexes, the text index, the order's
// summary and counters; notes now enter the text index in batches, decision 0409). With SQLite's automatic
// checkpoint, every ~30th commit also copied a thousand pages into the database file and synced it, on the
// event loop: ~0.25 ms a write on average, and a stall of several milliseconds for every request queued
// behind that commit. A PASSIVE checkpoint from another
// connection does the same work without blocking readers or the writer (docs/decisions/0406).

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import type { Database } from './database.ts';

export interface WalCheckpointer {
  /** A last checkpoint, then the worker's connection closes. */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  /** How often the worker checkpoints (default 250 ms). */
  everyMs?: number;
  log?: (line: string) => void;
}

/** The worker's code: plain CommonJS, given the driver's path (it runs from the bundle or the sources). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
let failed = false;
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failed = false;
  } catch (err) {
    // Said once per run of failures, not every tick.
    if (!failed) parentPort.postMessage({ error: String(err && err.message || err) });
    failed = true;
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/**
 * Turns the connection's automatic checkpoints off and starts the worker. Null for a database that is not
 * a SQLite file (PostgreSQL, or SQLite in memory, which has no WAL).
 */
export async function startWalCheckpointer(
  database: Database,
  options: CheckpointerOptions = {},
): Promise<WalCheckpointer | null> {
  if (database.dialect !== 'sqlite' || !database.sqliteFile) return null;
  const log = options.log ?? ((line: string) => console.error(line));
  // The server's connection no longer checkpoints on commit (the worker does it), until stop().
  await sql`pragma wal_autocheckpoint = 0`.execute(database.db);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: database.sqliteFile,
      everyMs: options.everyMs ?? 250,
    },
  });
  let exited = false;
  worker.once('exit', () => {
    exited = true;
  });
  worker.on('message', (m: { error?: string }) => {
    if (m.error) log(`[relance] WAL checkpoint failed (retrying): ${m.error}`);
  });
  worker.on('error', (err) => {
    log(`[relance] WAL checkpointer stopped, SQLite checkpoints on commit again: ${err.message}`);
    void sql`pragma wal_autocheckpoint = 1000`.execute(database.db).catch(() => {});
  });
  // The worker must not keep a process alive that has nothing else to do.
  worker.unref();
  return {
    async stop() {
      // (A worker that failed has exited already, and would never answer.)
      if (!exited) {
        const closed = new Promise((resolve) => worker.once('exit', resolve));
        worker.postMessage('stop');
        await closed;
      }
      // Back to SQLite's own checkpoints for whatever still writes on this connection.
      await sql`pragma wal_autocheckpoint = 1000`.execute(database.db).catch(() => {});
    },
  };
}
