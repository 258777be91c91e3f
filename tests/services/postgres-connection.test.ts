// How the server talks to PostgreSQL: statements prepared once per connection unless the administrator
// turns it off (RELANCE_PG_PREPARE=off, for poolers that cannot keep them), limits written into the SQL so
// that PostgreSQL keeps one plan for a page, and timestamps in UTC.
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

  /** This session's prepared statements (but the query that lists them), with how often each was planned. */
  async function preparedStatements(db: TestDatabase['database']['db']) {
    const r = await sql<{ statement: string; generic: number; custom: number }>`
      select statement, generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements
      where statement not like '%pg_prepared_statements%' order by statement`.execute(db);
    return r.rows;
  }

  /** Runs a parameterised query and a select without parameters twice each on a one-connection pool. */
  async function preparedAfterQueries(prepare: boolean): Promise<number> {
    const database = openDatabase(t.url, { schema: t.schema as string, poolSize: 1, prepare });
    try {
      for (let i = 0; i < 2; i++) {
        await sql`select count(*) as n from users where id > ${i}`.execute(database.db);
        await sql`select count(*) as n from users`.execute(database.db);
      }
      return (await preparedStatements(database.db)).length;
    } finally {
      await database.close();
    }
  }

  it('prepares a parameterised statement or a select once, and nothing when told not to', async () => {
    expect(await preparedAfterQueries(true)).toBe(2);
    expect(await preparedAfterQueries(false)).toBe(0);
  });

  it('writes limits and offsets into the SQL, so that a page is planned once and not on every run', async () => {
    const database = openDatabase(t.url, { schema: t.schema as string, poolSize: 1 });
    try {
      for (let i = 0; i < 8; i++)
        await database.db
          .selectFrom('users as u')
          .innerJoin('users as m', 'm.id', 'u.id')
          .select(['u.id', 'm.name'])
          .where('u.role', '=', 'sales')
          .orderBy('u.id', 'desc')
          .limit(50)
          .offset(10)
          .execute();
      const [page] = await preparedStatements(database.db);
      expect(page?.statement).toMatch(/ limit 50 offset 10$/);
      // Five custom plans, then the generic one, kept: with `limit $2` every run was planned again.
      expect(page).toMatchObject({ custom: 5, generic: 3 });
    } finally {
      await database.close();
    }
  });

  it('plans with random_page_cost 1.1, for index reads from cached pages (decision 0414)', async () => {
    const r = await sql<{ cost: string }>`select current_setting('random_page_cost') as cost`.execute(
      t.database.db,
    );
    expect(r.rows[0]?.cost).toBe('1.1');
  });

  it('reads timestamps as ISO strings in UTC', async () => {
    const r = await sql<{ at: string }>`select timestamptz '2026-11-27 11:30:00.25+01' as at`.execute(
      t.database.db,
    );
    expect(r.rows[0]?.at).toBe('2026-11-27T10:30:00.250Z');
  });
});
