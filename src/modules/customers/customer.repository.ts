// SQL for customers.
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CustomerScope } from '../../auth/permissions.ts';
import type { Dialect, Executor } from '../../db/database.ts';
import { readKeysetPage, type SortColumn } from '../../db/keyset.ts';
import type { CustomerRow, CustomerUpdate, NewCustomerRow } from '../../db/schema/customers.table.ts';
import {
  fewCandidates,
  likePattern,
  PROBE_TRIGRAMS,
  searchConditions,
  trigramMatch,
  trigramUsable,
} from '../../db/text-search.ts';
import type { Cursor } from '../../shared/cursor.ts';
import { foldName } from '../../shared/name-fold.ts';

export const customerSortColumns: Record<string, SortColumn> = {
  id: { column: 'c.id', nullable: false },
  name: { column: 'c.name', nullable: false },
  code: { column: 'c.code', nullable: true },
  kind: { column: 'c.kind', nullable: false },
  town: { column: 'c.town', nullable: true },
  createdAt: { column: 'c.created_at', nullable: false },
  updatedAt: { column: 'c.updated_at', nullable: false },
};

export interface CustomerCriteria {
  scope: CustomerScope;
  kind?: string | undefined;
  salesRepId?: number | undefined;
  q?: string | undefined;
}

/** Ids of the customers whose name, code or town may contain `text` (trigram indexes). */
function searchCandidates(dialect: Dialect, text: string): RawBuilder<unknown> | null {
  if (dialect === 'sqlite') {
    const m = trigramMatch(text, undefined, PROBE_TRIGRAMS);
    return m ? sql`select rowid as id from customers_fts where customers_fts match ${m}` : null;
  }
  if (!trigramUsable(text)) return null;
  const p = likePattern(text);
  return sql`select id from customers where name ilike ${p} escape '\\' or code ilike ${p} escape '\\' or town ilike ${p} escape '\\'`;
}

export async function listCustomers(
  db: Executor,
  dialect: Dialect,
  k: CustomerCriteria,
  sort: { key: string; desc: boolean },
  cursor: Cursor | null,
  limit: number,
): Promise<CustomerRow[]> {
  const column = customerSortColumns[sort.key];
  if (!column) throw new Error(`unchecked sort key ${sort.key}`);
  let filtered = db.selectFrom('customers as c').selectAll('c');
  const w: Expression<SqlBool>[] = [];
  if (!k.scope.all) w.push(sql<SqlBool>`c.sales_rep_id = ${k.scope.salesRepId}`);
  if (k.kind) w.push(sql<SqlBool>`c.kind = ${k.kind}`);
  if (k.salesRepId) w.push(sql<SqlBool>`c.sales_rep_id = ${k.salesRepId}`);
  if (k.q) {
    const ids = await fewCandidates(db, dialect, searchCandidates(dialect, k.q));
    w.push(...searchConditions(dialect, ['c.name', 'c.code', 'c.town'], k.q, ids, 'c.id'));
  }
  for (const c of w) filtered = filtered.where(c);
  // (The SQL follows from these values alone, a search's aside: each page compiled once for them.)
  const compiled = k.q ? null : { db, key: JSON.stringify([k, sort.key]) };
  return readKeysetPage(filtered, column, sort.desc, 'c.id', cursor, limit, column.nullable, compiled);
}

export async function findCustomer(
  db: Executor,
  id: number,
  scope: CustomerScope,
): Promise<CustomerRow | undefined> {
  let q = db.selectFrom('customers').selectAll().where('id', '=', id);
  if (!scope.all) q = q.where('sales_rep_id', '=', scope.salesRepId);
  return q.executeTakeFirst();
}

export const findCustomerByCode = (db: Executor, code: string) =>
  db.selectFrom('customers').selectAll().where('code', '=', code).executeTakeFirst();

/** A new customer row with its name_folded written from its name (every insert goes through this). */
export const withFoldedName = (row: NewCustomerRow): NewCustomerRow => ({
  ...row,
  name_folded: foldName(row.name),
});

export async function insertCustomer(db: Executor, row: NewCustomerRow): Promise<number> {
  const r = await db
    .insertInto('customers')
    .values(withFoldedName(row))
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Changes a customer; a new name rewrites name_folded with it. */
export async function updateCustomer(db: Executor, id: number, patch: CustomerUpdate): Promise<void> {
  const set = typeof patch.name === 'string' ? { ...patch, name_folded: foldName(patch.name) } : patch;
  await db.updateTable('customers').set(set).where('id', '=', id).execute();
}

export async function deleteCustomer(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('customers').where('id', '=', id).execute();
}

export async function customerHasOrders(db: Executor, id: number): Promise<boolean> {
  const r = await db
    .selectFrom('orders')
    .select('id')
    .where('customer_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function customerHasFollowups(db: Executor, id: number): Promise<boolean> {
  const r = await db
    .selectFrom('followups')
    .select('id')
    .where('customer_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Customers whose code is exactly `text` or whose name is `text` in any case (foldName), at most `limit`:
 * the unique code index and customers_name_folded_idx.
 */
export async function customersNamedExactly(
  db: Executor,
  text: string,
  scope: CustomerScope,
  limit: number,
): Promise<CustomerRow[]> {
  let q = db
    .selectFrom('customers')
    .selectAll()
    .where((eb) => eb.or([eb('code', '=', text), eb('name_folded', '=', foldName(text))]));
  if (!scope.all) q = q.where('sales_rep_id', '=', scope.salesRepId);
  return q.orderBy('id').limit(limit).execute();
}

/**
 * A customer designated by what a person typed: its exact code first, else its name in any case (foldName,
 * customers_name_folded_idx), the oldest one if several share it.
 */
export async function findCustomerByCodeOrName(
  db: Executor,
  text: string,
  scope: CustomerScope,
): Promise<CustomerRow | undefined> {
  let byCode = db.selectFrom('customers').selectAll().where('code', '=', text);
  if (!scope.all) byCode = byCode.where('sales_rep_id', '=', scope.salesRepId);
  const found = await byCode.executeTakeFirst();
  if (found) return found;
  let byName = db.selectFrom('customers').selectAll().where('name_folded', '=', foldName(text));
  if (!scope.all) byName = byName.where('sales_rep_id', '=', scope.salesRepId);
  return byName.orderBy('id').limit(1).executeTakeFirst();
}
