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
});
