// An administrator seeds a large set into a SQLite file before a benchmark. The load writes its pages once,
// in a rollback journal, rather than twice through WAL (to the log, then to the file); afterwards the file is
// back in WAL and the connection has the settings it had. With another connection on the file (a server
// running on it), the seed does not fail: it loads through WAL, as before.
import { statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { seedBulk } from '../../src/modules/seed/bulk-seed.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.ts';

// 50,500 rows: the large path, which loads through the database's own connection.
const LARGE = { customers: 500, orders: 5_000, followups: 45_000, users: 2 };

describe('a large SQLite seed and its journal', () => {
  let db: TestDatabase | undefined;
  let other: SQLite.Database | undefined;
  afterEach(async () => {
    other?.close();
    other = undefined;
    await db?.drop();
    db = undefined;
  });

  async function seeded(withOtherConnection: boolean) {
    db = await createTestDatabase('sqlite');
    const file = db.database.sqliteFile as string;
    if (withOtherConnection) {
      other = new SQLite(file);
      other.prepare('select count(*) from users').get();
    }
    const ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    await seedBulk(ctx, LARGE);
    const sqlite = db.database.sqlite as SQLite.Database;
    const setting = (name: string) => sqlite.pragma(name, { simple: true });
    return {
      walBytes: statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0,
      fileBytes: statSync(file).size,
      settings: {
        journal: setting('journal_mode'),
        synchronous: setting('synchronous'),
        foreignKeys: setting('foreign_keys'),
        cacheSize: setting('cache_size'),
        busyTimeout: setting('busy_timeout'),
      },
    };
  }

  const asOpened = { journal: 'wal', synchronous: 1, foreignKeys: 1, cacheSize: -32768, busyTimeout: 5000 };

  it('writes the pages to the file, not through the log, and leaves the file in WAL', async () => {
    const r = await seeded(false);
    expect(r.fileBytes).toBeGreaterThan(10_000_000);
    // The log holds at most the few pages written after the load, not the load's ~10 MB.
    expect(r.walBytes).toBeLessThan(r.fileBytes / 10);
    expect(r.settings).toEqual(asOpened);
  });

  it('loads through WAL while another connection has the file', async () => {
    const r = await seeded(true);
    expect(r.walBytes).toBeGreaterThan(r.fileBytes / 2);
    expect(r.settings).toEqual(asOpened);
    expect(other?.prepare('select count(*) as n from followups').get()).toEqual({ n: LARGE.followups });
  });
});
