// How much of a table a list's filter keeps, asked cheaply before choosing how to read the list: the share
// is counted on the filter's index and only up to the number that decides (decisions 0413, 0419, 0420).
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from './database.ts';

type CountedTable = 'followups' | 'orders';

/** The table's highest id: its size as far as a share is concerned, in one index lookup, never stale. */
async function highestId(db: Executor, table: CountedTable): Promise<number> {
  const r = await sql<{ id: number | null }>`select max(id) as id from ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.id ?? 0);
}

/** How many rows of `table` meet `where`, counted up to `max` (the count stops there). */
export async function countUpTo(
  db: Executor,
  table: CountedTable,
  where: RawBuilder<SqlBool>,
  max: number,
): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from (select 1 from ${sql.table(table)}
    where ${where} limit ${sql.lit(max)}) as kept`.execute(db);
  return Number(r.rows[0]?.n);
}

/**
 * Whether the rows of `table` that meet `where` are at least `1 / divisor` of the table, and at least `floor`
 * (a young table's rows are few: a share of them says nothing).
 */
export async function keepsShare(
  db: Executor,
  table: CountedTable,
  where: RawBuilder<SqlBool>,
  divisor: number,
  floor: number,
): Promise<boolean> {
  const enough = Math.max(floor, Math.ceil((await highestId(db, table)) / divisor));
  return (await countUpTo(db, table, where, enough)) >= enough;
}
