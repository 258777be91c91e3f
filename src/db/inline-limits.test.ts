// Limits and offsets reach both databases as numbers in the SQL text, not as parameters (inline-limits.ts):
// PostgreSQL can then keep a generic plan, and SQLite does not prepare the statement again on every run.
// The dialects' query compilers print them (inline-limits.ts).
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

    it(`does the same inside a subquery on ${database.dialect}`, () => {
      const first = database.db.selectFrom('customers').select('id').where('name', '=', 'x').limit(500);
      const q = database.db.selectFrom(first.as('w')).select('w.id').limit(12).compile();
      expect(q.sql).toMatch(/ limit 500\) as "w" limit 12$/);
      expect(q.parameters).toEqual(['x']);
    });

    it(`leaves a limit that is not a whole number to the database on ${database.dialect}`, () => {
      const q = database.db.selectFrom('followups').select('id').limit(sql<number>`${'5'}`).compile();
      expect(q.parameters).toEqual(['5']);
    });
  }
});
