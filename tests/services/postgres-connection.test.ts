// How the server talks to PostgreSQL: statements prepared once per connection unless the administrator
// turns it off (RELANCE_PG_PREPARE=off, for poolers that cannot keep them), and timestamps in UTC.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { availableDialects, createTestDatabase, type TestDatabase } from '../setup/test-database.ts';

describe.runIf(availableDialects().includes('postgres'))('the PostgreSQL connection', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
  });
  afterAll(() => t?.drop());

  /** Runs one parameterised query twice on a one-connection pool, and counts that session's prepared statements. */
  async function preparedAfterQueries(prepare: boolean): Promise<number> {
    const database = openDatabase(t.url, { schema: t.schema as string, poolSize: 1, prepare });
    try {
      for (let i = 0; i < 2; i++)
        await sql`select count(*) as n from users where id > ${i}`.execute(database.db);
      const r = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(
        database.db,
      );
      return r.rows[0]?.n ?? -1;
    } finally {
      await database.close();
    }
  }

  it('prepares a parameterised statement once, and not at all when told not to', async () => {
    expect(await preparedAfterQueries(true)).toBe(1);
    expect(await preparedAfterQueries(false)).toBe(0);
  });

  it('reads timestamps as ISO strings in UTC', async () => {
    const r = await sql<{ at: string }>`select timestamptz '2026-11-27 11:30:00.25+01' as at`.execute(
      t.database.db,
    );
    expect(r.rows[0]?.at).toBe('2026-11-27T10:30:00.250Z');
  });
});
