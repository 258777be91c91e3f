// The server's SQLite log is copied back into the database file by a worker thread, not by the commits
// of requests: the file grows while nothing but the worker checkpoints, and stopping gives SQLite its own
// checkpoints back.
import { statSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { startWalCheckpointer, type WalCheckpointer } from '../../src/db/wal-checkpointer.ts';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.ts';

describe('the WAL checkpointer (SQLite)', () => {
  let t: TestDatabase | undefined;
  let checkpointer: WalCheckpointer | null = null;
  afterEach(async () => {
    await checkpointer?.stop();
    checkpointer = null;
    await t?.drop();
  });

  const autocheckpoint = async (tdb: TestDatabase) =>
    (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(tdb.database.db)).rows[0]
      ?.wal_autocheckpoint;

  /** Writes about 2 MB, more than SQLite's automatic checkpoint would have let pile up in the log. */
  async function writeTwoMegabytes(tdb: TestDatabase): Promise<void> {
    await sql`create table filler (id integer primary key, text text not null)`.execute(tdb.database.db);
    for (let i = 0; i < 20; i++)
      await sql`insert into filler (text) select hex(randomblob(50000)) from (select 1)`.execute(
        tdb.database.db,
      );
  }

  it('turns the automatic checkpoint off, and the worker copies the log into the file', async () => {
    t = await createTestDatabase('sqlite');
    const file = t.database.sqliteFile as string;
    checkpointer = await startWalCheckpointer(t.database, { everyMs: 20 });
    expect(await autocheckpoint(t)).toBe(0);
    const before = statSync(file).size;
    await writeTwoMegabytes(t);
    await expect
      .poll(() => statSync(file).size, { timeout: 5000, interval: 20 })
      .toBeGreaterThan(before + 2_000_000);
  });

  it('gives SQLite its own checkpoints back when stopped', async () => {
    t = await createTestDatabase('sqlite');
    checkpointer = await startWalCheckpointer(t.database);
    expect(await autocheckpoint(t)).toBe(0);
    await checkpointer?.stop();
    checkpointer = null;
    expect(await autocheckpoint(t)).toBe(1000);
  });

  it('says so when the worker fails, gives SQLite its checkpoints back, and still stops', async () => {
    t = await createTestDatabase('sqlite');
    const lines: string[] = [];
    const failed = new Promise<void>((resolve) => {
      const log = (line: string) => {
        lines.push(line);
        resolve();
      };
      // A file the worker cannot open: it fails as it starts.
      void startWalCheckpointer(
        { ...(t as TestDatabase).database, sqliteFile: '/nonexistent/relance.db' },
        { log },
      ).then((c) => {
        checkpointer = c;
      });
    });
    await failed;
    expect(lines[0]).toMatch(/WAL checkpointer stopped, SQLite checkpoints on commit again/);
    await expect.poll(() => autocheckpoint(t as TestDatabase), { timeout: 500, interval: 10 }).toBe(1000);
    await checkpointer?.stop();
    checkpointer = null;
  });

  it('does nothing for a database in memory', async () => {
    const memory = openDatabase('sqlite::memory:');
    try {
      expect(await startWalCheckpointer(memory)).toBeNull();
    } finally {
      await memory.close();
    }
  });
});
