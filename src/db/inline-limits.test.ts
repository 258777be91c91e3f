// Limits and offsets reach both databases as numbers in the SQL text, not as parameters (inline-limits.ts):
// PostgreSQL can then keep a generic plan, and SQLite does not prepare the statement again on every run.
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';

describe('limits and offsets in the SQL text', () => {
  const sqlite = openDatabase('sqlite::memory:');
  // (Compiling needs no connection: the pool connects on the first query.)
  const postgres = openDatabase('postgres://nobody@127.0.0.1:1/none');
  afterAll(async () => {
    await sqlite.close();
    await postgres.close();
  });

  for (const database of [sqlite, postgres]) {
    it(`writes them as numbers on ${database.dialect}, and keeps the other values as parameters`, () => {
      const q = database.db
        .selectFrom('followups')
        .select('id')
        .where('order_id', '=', 7)
        .orderBy('id')
        .limit(51)
        .offset(100)
        .compile();
      expect(q.sql).toMatch(/ limit 51 offset 100$/);
      expect(q.parameters).toEqual([7]);
    });

    it(`leaves a limit that is not a whole number to the database on ${database.dialect}`, () => {
      const q = database.db.selectFrom('followups').select('id').limit(sql<number>`${'5'}`).compile();
      expect(q.parameters).toEqual(['5']);
    });
  }
});
