// How the server reads rows from SQLite: statements are prepared once and kept, and rows are built in
// JavaScript from raw arrays (faster than better-sqlite3's object rows) with the same shape and values.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingStatements } from '../../src/db/database.ts';

describe('the SQLite connection', () => {
  const open: SQLite.Database[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });

  function database() {
    const sqlite = new SQLite(':memory:');
    open.push(sqlite);
    sqlite.exec(`create table t (id integer primary key, name text, price real, data blob, at text);
      insert into t values (1, 'Dupont', 12.5, x'0102', null), (2, 'Élise', 3, null, '2026-11-28');`);
    return {
      sqlite,
      db: new Kysely<any>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) }),
    };
  }

  it('gives the same rows as better-sqlite3 does, values and column order included', async () => {
    const { sqlite, db } = database();
    const text = 'select id, name, price, data, at, id * 2 as double from t order by id';
    const ours = (await sql.raw(text).execute(db)).rows;
    const theirs = sqlite.prepare(text).all();
    expect(ours).toEqual(theirs);
    expect(ours.map((r) => Object.keys(r as object))).toEqual(theirs.map((r) => Object.keys(r as object)));
  });

  it('keeps the last value of a repeated column name, as better-sqlite3 does', async () => {
    const { sqlite, db } = database();
    const text = 'select id as v, name as v from t where id = 2';
    expect((await sql.raw(text).execute(db)).rows).toEqual(sqlite.prepare(text).all());
    expect((await sql.raw(text).execute(db)).rows).toEqual([{ v: 'Élise' }]);
  });

  it('leaves a column named __proto__ to better-sqlite3, which does not make it a property', async () => {
    const { sqlite, db } = database();
    const text = 'select 1 as "__proto__", 2 as n';
    const rows = (await sql.raw(text).execute(db)).rows as object[];
    expect(rows).toEqual(sqlite.prepare(text).all());
    expect(Object.keys(rows[0] as object)).toEqual(['n']);
  });

  it('streams rows as objects, and runs writes and RETURNING through the same cache', async () => {
    const { db } = database();
    const inserted = await sql.raw(`insert into t (name) values ('Martin') returning id, name`).execute(db);
    expect(inserted.rows).toEqual([{ id: 3, name: 'Martin' }]);
    const streamed: unknown[] = [];
    for await (const row of db.selectFrom('t').select(['id', 'name']).orderBy('id').stream())
      streamed.push(row);
    expect(streamed).toEqual([
      { id: 1, name: 'Dupont' },
      { id: 2, name: 'Élise' },
      { id: 3, name: 'Martin' },
    ]);
    const updated = await db.updateTable('t').set({ price: 1 }).where('id', '>', 1).executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(2);
  });
});
