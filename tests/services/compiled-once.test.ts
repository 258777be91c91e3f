// Queries compiled once (src/db/compiled-once.ts): built by Kysely the first time, then run with each call's
// values, on both databases, in and out of transactions; and queries compiled once per key of their values.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compiledFor, compiledOnce } from '../../src/db/compiled-once.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

describeEachDialect('a query compiled once', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await t.database.db
      .insertInto('settings')
      .values([
        { key: 'once.a', value: 'alpha' },
        { key: 'once.b', value: 'beta' },
        { key: 'once.c', value: 'gamma' },
      ])
      .execute();
  });
  afterAll(() => t?.drop());

  it('is built once, and each call runs it with its own values, a value used twice included', async () => {
    let builds = 0;
    const pick = compiledOnce((db, p: { first: string; second: string }) => {
      builds++;
      return db
        .selectFrom('settings')
        .select(['key', 'value'])
        .where((eb) => eb.or([eb('key', '=', p.first), eb('key', '=', p.second), eb('value', '=', p.first)]))
        .where('key', 'like', 'once.%') // a constant of the query, kept between its values
        .orderBy('key');
    });
    const db = t.database.db;
    expect(await pick(db, { first: 'once.a', second: 'once.c' })).toEqual([
      { key: 'once.a', value: 'alpha' },
      { key: 'once.c', value: 'gamma' },
    ]);
    expect(await pick(db, { first: 'beta', second: 'once.b' })).toEqual([{ key: 'once.b', value: 'beta' }]);
    expect(await pick(db, { first: 'once.b', second: 'nothing' })).toEqual([
      { key: 'once.b', value: 'beta' },
    ]);
    expect(builds).toBe(1);
  });

  it('compiles a query once per key, and runs it again as compiled, reading the rows as they are now', async () => {
    let builds = 0;
    const byValue = (value: string) => () => {
      builds++;
      return t.database.db.selectFrom('settings').select('key').where('value', '=', value).orderBy('key');
    };
    const db = t.database.db;
    expect(await compiledFor(db, 'alpha', byValue('alpha'))).toEqual([{ key: 'once.a' }]);
    expect(await compiledFor(db, 'beta', byValue('beta'))).toEqual([{ key: 'once.b' }]);
    await db.insertInto('settings').values({ key: 'once.d', value: 'alpha' }).execute();
    expect(await compiledFor(db, 'alpha', byValue('alpha'))).toEqual([{ key: 'once.a' }, { key: 'once.d' }]);
    expect(builds).toBe(2);
    await db.deleteFrom('settings').where('key', '=', 'once.d').execute();
  });

  it('takes a raw SQL template as well as a query builder', async () => {
    const settingValue = compiledOnce(
      (_db, p: { key: string }) => sql<{ value: string }>`select value from settings where key = ${p.key}`,
    );
    expect(await settingValue(t.database.db, { key: 'once.c' })).toEqual([{ value: 'gamma' }]);
    expect(await settingValue(t.database.db, { key: 'once.b' })).toEqual([{ value: 'beta' }]);
  });

  it('writes in a transaction, which a rollback undoes', async () => {
    const rename = compiledOnce((db, p: { key: string; value: string }) =>
      db.updateTable('settings').set({ value: p.value }).where('key', '=', p.key),
    );
    const value = async () =>
      (
        await sql<{ value: string }>`select value from settings where key = ${'once.a'}`.execute(
          t.database.db,
        )
      ).rows[0]?.value;
    await t.database.db.transaction().execute((tx) => rename(tx, { key: 'once.a', value: 'kept' }));
    expect(await value()).toBe('kept');
    await expect(
      t.database.db.transaction().execute(async (tx) => {
        await rename(tx, { key: 'once.a', value: 'undone' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await value()).toBe('kept');
  });

  it('refuses a call that leaves a value out, rather than running with a hole', async () => {
    const byKey = compiledOnce((db, p: { key: string }) =>
      db.selectFrom('settings').select('value').where('key', '=', p.key),
    );
    await expect(byKey(t.database.db, {} as { key: string })).rejects.toThrow('no value for parameter "key"');
  });
});
