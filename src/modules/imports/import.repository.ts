// SQL for imports: the existing records a file's lines may match (looked up by chunks of keys), and
// multi-row inserts that return each new id with the key that tells which line it came from.
import type { Executor } from '../../db/database.ts';
import type { CustomerRow, NewCustomerRow } from '../../db/schema/customers.table.ts';
import type { FollowupRow, NewFollowupRow } from '../../db/schema/followups.table.ts';
import type { NewOrderRow, OrderRow } from '../../db/schema/orders.table.ts';

/** Keys per IN (…) list and rows per INSERT: well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

async function inChunks<K, R>(keys: K[], fetch: (chunk: K[]) => Promise<R[]>): Promise<R[]> {
  const unique = [...new Set(keys)];
  const out: R[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await fetch(unique.slice(i, i + CHUNK))));
  return out;
}

export const customersByCodes = (db: Executor, codes: string[]): Promise<CustomerRow[]> =>
  inChunks(codes, (chunk) => db.selectFrom('customers').selectAll().where('code', 'in', chunk).execute());

export const customersByNames = (db: Executor, names: string[]): Promise<CustomerRow[]> =>
  inChunks(names, (chunk) => db.selectFrom('customers').selectAll().where('name', 'in', chunk).execute());

export const customersByExternalIds = (db: Executor, source: string, ids: string[]): Promise<CustomerRow[]> =>
  inChunks(ids, (chunk) =>
    db
      .selectFrom('customers')
      .selectAll()
      .where('external_source', '=', source)
      .where('external_id', 'in', chunk)
      .execute(),
  );

export const ordersByRefs = (db: Executor, refs: string[]): Promise<OrderRow[]> =>
  inChunks(refs, (chunk) => db.selectFrom('orders').selectAll().where('ref', 'in', chunk).execute());

export const ordersByExternalIds = (db: Executor, source: string, ids: string[]): Promise<OrderRow[]> =>
  inChunks(ids, (chunk) =>
    db
      .selectFrom('orders')
      .selectAll()
      .where('external_source', '=', source)
      .where('external_id', 'in', chunk)
      .execute(),
  );

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
        .values(rows.slice(i, i + CHUNK))
        .returning(['id', 'code', 'external_id', 'name'])
        .execute()),
    );
  return out;
}

export async function insertOrders(
  db: Executor,
  rows: NewOrderRow[],
): Promise<Pick<OrderRow, 'id' | 'ref'>[]> {
  const out = [];
  for (let i = 0; i < rows.length; i += CHUNK)
    out.push(
      ...(await db
        .insertInto('orders')
        .values(rows.slice(i, i + CHUNK))
        .returning(['id', 'ref'])
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
