// SQL for imports: the existing records a file's lines may match (looked up by chunks of keys), and
// multi-row inserts that return each new id with the key that tells which line it came from.
import { sql } from 'kysely';
import { dialectOf, type Executor } from '../../db/database.ts';
import type { CustomerRow, NewCustomerRow } from '../../db/schema/customers.table.ts';
import type { FollowupRow, NewFollowupRow } from '../../db/schema/followups.table.ts';
import type { NewOrderRow, OrderRow } from '../../db/schema/orders.table.ts';
import { withFoldedName } from '../customers/customer.repository.ts';

/** Keys per IN (…) list and rows per INSERT: well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

async function inChunks<K, R>(keys: K[], fetch: (chunk: K[]) => Promise<R[]>): Promise<R[]> {
  const unique = [...new Set(keys)];
  const out: R[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await fetch(unique.slice(i, i + CHUNK))));
  return out;
}

/**
 * Rows whose text column is one of `values` (and, for external ids, of `source`). On PostgreSQL an
 * `IN (…)` list lets the planner pick the column's trigram index, a second or more per chunk on 10,000
 * orders; joining an unnested array keeps to the unique b-tree (as the Dolibarr import found).
 */
async function rowsByText<T extends 'customers' | 'orders'>(
  db: Executor,
  table: T,
  column: 'code' | 'name' | 'ref' | 'external_id',
  values: string[],
  source?: string,
): Promise<(T extends 'customers' ? CustomerRow : OrderRow)[]> {
  type Row = T extends 'customers' ? CustomerRow : OrderRow;
  const pg = dialectOf(db) === 'postgres';
  return inChunks(values, async (chunk) => {
    const bySource = source === undefined ? sql`` : sql` and t.external_source = ${source}`;
    const query = pg
      ? sql<Row>`select t.* from unnest(${chunk}::text[]) as v(value)
          join ${sql.table(table)} t on t.${sql.ref(column)} = v.value${bySource}`
      : sql<Row>`select t.* from ${sql.table(table)} t
          where t.${sql.ref(column)} in (${sql.join(chunk)})${bySource}`;
    return (await query.execute(db)).rows;
  });
}

export const customersByCodes = (db: Executor, codes: string[]): Promise<CustomerRow[]> =>
  rowsByText(db, 'customers', 'code', codes);

export const customersByNames = (db: Executor, names: string[]): Promise<CustomerRow[]> =>
  rowsByText(db, 'customers', 'name', names);

export const customersByExternalIds = (db: Executor, source: string, ids: string[]): Promise<CustomerRow[]> =>
  rowsByText(db, 'customers', 'external_id', ids, source);

export const ordersByRefs = (db: Executor, refs: string[]): Promise<OrderRow[]> =>
  rowsByText(db, 'orders', 'ref', refs);

export const ordersByExternalIds = (db: Executor, source: string, ids: string[]): Promise<OrderRow[]> =>
  rowsByText(db, 'orders', 'external_id', ids, source);

/** Every follow-up of these orders, deleted ones included (a deleted follow-up is not brought back). */
export const followupsOfOrders = (db: Executor, orderIds: number[]): Promise<FollowupRow[]> =>
  inChunks(orderIds, (chunk) =>
    db.selectFrom('followups').selectAll().where('order_id', 'in', chunk).execute(),
  );

export async function insertCustomers(
  db: Executor,
  rows: NewCustomerRow[],
): Promise<Pick<CustomerRow, 'id' | 'code' | 'external_id' | 'name'>[]> {
  const out = [];
  for (let i = 0; i < rows.length; i += CHUNK)
    out.push(
      ...(await db
        .insertInto('customers')
        .values(rows.slice(i, i + CHUNK).map(withFoldedName))
        .returning(['id', 'code', 'external_id', 'name'])
        .execute()),
    );
  return out;
}

export async function insertOrders(
  db: Executor,
  rows: NewOrderRow[],
): Promise<Pick<OrderRow, 'id' | 'ref' | 'external_id'>[]> {
  const out = [];
  for (let i = 0; i < rows.length; i += CHUNK)
    out.push(
      ...(await db
        .insertInto('orders')
        .values(rows.slice(i, i + CHUNK))
        .returning(['id', 'ref', 'external_id'])
        .execute()),
    );
  return out;
}

export async function insertFollowups(
  db: Executor,
  rows: NewFollowupRow[],
): Promise<Pick<FollowupRow, 'id' | 'order_id' | 'done_at' | 'user_id'>[]> {
  const out = [];
  for (let i = 0; i < rows.length; i += CHUNK)
    out.push(
      ...(await db
        .insertInto('followups')
        .values(rows.slice(i, i + CHUNK))
        .returning(['id', 'order_id', 'done_at', 'user_id'])
        .execute()),
    );
  return out;
}
