import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrator.ts';

describe('SQLite statistics at start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relance-migrator-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('drops the stat4 samples a full ANALYZE left, which made statements recompile on every run', async () => {
    const database = openDatabase(`sqlite:${join(dir, 'r.db')}`);
    try {
      const { db } = database;
      await migrateToLatest(db);
      const samples = async () =>
        Number(
          (await sql<{ n: number }>`select count(*) as n from sqlite_stat4`.execute(db)).rows[0]?.n ?? 0,
        );
      await sql`insert into settings (key, value) values ('a', '1'), ('b', '2'), ('c', '3')`.execute(db);
      await sql`pragma analysis_limit = 0`.execute(db);
      await sql`analyze`.execute(db);
      expect(await samples()).toBeGreaterThan(0);
      expect(await migrateToLatest(db)).toEqual([]);
      expect(await samples()).toBe(0);
      // The statistics themselves stay: the planner still knows the tables' and indexes' sizes.
      const stats = await sql<{ n: number }>`select count(*) as n from sqlite_stat1`.execute(db);
      expect(Number(stats.rows[0]?.n ?? 0)).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });

  it('analyses again, at the next start, a table that grew much since its statistics', async () => {
    const file = `sqlite:${join(dir, 'grown.db')}`;
    const rowsOf = async (db: ReturnType<typeof openDatabase>['db']) => {
      const r = await sql<{ stat: string }>`select stat from sqlite_stat1 where tbl = 'settings'`.execute(db);
      return Number(r.rows[0]?.stat.split(' ')[0] ?? 0);
    };
    const first = openDatabase(file);
    try {
      await migrateToLatest(first.db);
      await sql`insert into settings (key, value) values ('a', '1'), ('b', '2'), ('c', '3')`.execute(
        first.db,
      );
      await sql`analyze settings`.execute(first.db);
      expect(await rowsOf(first.db)).toBe(3);
      // An import: 5,000 rows, the statistics still say 3.
      await sql`insert into settings (key, value)
        with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000)
        select 'k' || i, 'v' from n`.execute(first.db);
      expect(await migrateToLatest(first.db)).toEqual([]);
    } finally {
      await first.close();
    }
    // The next start reads the statistics afresh, finds the table 1,000 times larger, and analyses it.
    const next = openDatabase(file);
    try {
      expect(await migrateToLatest(next.db)).toEqual([]);
      expect(await rowsOf(next.db)).toBe(5_003);
    } finally {
      await next.close();
    }
  });
});
