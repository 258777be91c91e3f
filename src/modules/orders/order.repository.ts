// SQL for orders, joined with their customer's name.
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CustomerScope } from '../../auth/permissions.ts';
import { compiledOnce } from '../../db/compiled-once.ts';
import type { Dialect, Executor } from '../../db/database.ts';
import { keepsShare } from '../../db/filter-share.ts';
import { readKeysetPage, type SortColumn } from '../../db/keyset.ts';
import type { NewOrderRow, OrderRow, OrderUpdate } from '../../db/schema/orders.table.ts';
import {
  containsText,
  fewCandidates,
  likePattern,
  PROBE_TRIGRAMS,
  searchConditions,
  trigramMatch,
  trigramUsable,
} from '../../db/text-search.ts';
import type { Cursor } from '../../shared/cursor.ts';

export const orderSortColumns: Record<string, SortColumn> = {
  id: { column: 'o.id', nullable: false },
  ref: { column: 'o.ref', nullable: false },
  status: { column: 'o.status', nullable: false },
  orderDate: { column: 'o.order_date', nullable: true },
  deliveryDate: { column: 'o.delivery_date', nullable: true },
  totalExclTax: { column: 'o.total_excl_tax', nullable: false },
  customerName: { column: 'c.name', nullable: false },
  nextFollowupAt: { column: 'o.next_followup_at', nullable: true },
  lastFollowupAt: { column: 'o.last_followup_at', nullable: true },
  followupCount: { column: 'o.followup_count', nullable: false },
  createdAt: { column: 'o.created_at', nullable: false },
  updatedAt: { column: 'o.updated_at', nullable: false },
};

export type OrderWithCustomer = OrderRow & { customer_name: string };

export interface OrderCriteria {
  scope: CustomerScope;
  customerId?: number | undefined;
  status?: string | undefined;
  assigneeId?: number | undefined;
  /** Open orders whose next date lies in these bounds (inclusive from/to, exclusive before). */
  due?: { from?: string; to?: string; before?: string } | undefined;
  neverFollowedUp?: boolean | undefined;
  q?: string | undefined;
}

/** Ids of the orders whose ref, customer ref or customer name may contain `text` (trigram indexes). */
function searchCandidates(dialect: Dialect, text: string): RawBuilder<unknown> | null {
  if (dialect === 'sqlite') {
    const m = trigramMatch(text, undefined, PROBE_TRIGRAMS);
    if (!m) return null;
    // (The customers' trigram table drives the read of their orders, so that the caller's LIMIT stops it.)
    return sql`select rowid as id from orders_fts where orders_fts match ${m}
      union all select o.id from customers_fts x cross join orders o on o.customer_id = x.rowid
        where x.customers_fts match ${trigramMatch(text, 'name', PROBE_TRIGRAMS)}`;
  }
  if (!trigramUsable(text)) return null;
  const p = likePattern(text);
  return sql`select id from orders where ref ilike ${p} escape '\\' or customer_ref ilike ${p} escape '\\'
    union all select id from orders where customer_id in (select id from customers where name ilike ${p} escape '\\')`;
}

function base(db: Executor) {
  return db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .selectAll('o')
    .select('c.name as customer_name');
}

/** The sorts an index on the status serves (orders_status_sort_idx, orders_status_created_idx). */
const STATUS_SERVES = ['id', 'status', 'createdAt'];

/**
 * SQLite: whether a list filtered on a status, and on nothing else but a salesperson's scope, should walk
 * the sort's index and check the status on each order: when the status keeps at least 1 % of the orders
 * (20 % within a salesperson's scope, whose own share is ~5 %), counted on its index up to that many. A
 * common status (delivered: 70 % of the orders) read by its index and sorted took 35-100 ms at 100,000
 * orders; a rare one (a handful in progress) keeps its index, or the walk would cross the whole list, as it
 * would with a due filter besides (in progress and overdue for a salesperson: 15 → 40 ms when it walked).
 */
export async function statusKeepsMany(
  db: Executor,
  dialect: Dialect,
  k: OrderCriteria,
  sortKey: string,
): Promise<boolean> {
  if (dialect !== 'sqlite' || !k.status || STATUS_SERVES.includes(sortKey)) return false;
  if (k.customerId || k.assigneeId || k.due || k.neverFollowedUp || k.q) return false;
  return keepsShare(db, 'orders', sql<SqlBool>`status = ${k.status}`, k.scope.all ? 100 : 5, 100);
}

export async function listOrders(
  db: Executor,
  dialect: Dialect,
  k: OrderCriteria,
  sort: { key: string; desc: boolean },
  cursor: Cursor | null,
  limit: number,
): Promise<OrderWithCustomer[]> {
  const column = orderSortColumns[sort.key];
  if (!column) throw new Error(`unchecked sort key ${sort.key}`);
  const w: Expression<SqlBool>[] = [];
  // On SQLite, a unary + keeps a condition from choosing the index when it matches many rows: a sales
  // rep's customers, or the overdue orders (a large share of the open ones), are then read in the list's
  // order through its sort index and filtered, instead of all being fetched and sorted.
  const many = (col: string) => (dialect === 'sqlite' ? sql`+${sql.ref(col)}` : sql.ref(col));
  if (!k.scope.all) w.push(sql<SqlBool>`${many('c.sales_rep_id')} = ${k.scope.salesRepId}`);
  if (k.customerId) w.push(sql<SqlBool>`o.customer_id = ${k.customerId}`);
  const statusWalks = await statusKeepsMany(db, dialect, k, sort.key);
  if (k.status) w.push(sql<SqlBool>`${statusWalks ? many('o.status') : sql.ref('o.status')} = ${k.status}`);
  if (k.assigneeId) w.push(sql<SqlBool>`o.next_assignee_id = ${k.assigneeId}`);
  if (k.due) {
    // "Today" and "this week" are few orders, found by date; overdue and due are many.
    const few = Boolean(k.due.from) || column.column === 'o.next_followup_at';
    const next = few ? sql.ref('o.next_followup_at') : many('o.next_followup_at');
    const open = few ? sql.ref('o.is_open') : many('o.is_open');
    w.push(sql<SqlBool>`${open} = 1 and ${next} is not null`);
    if (k.due.from) w.push(sql<SqlBool>`${next} >= ${k.due.from}`);
    if (k.due.to) w.push(sql<SqlBool>`${next} <= ${k.due.to}`);
    if (k.due.before) w.push(sql<SqlBool>`${next} < ${k.due.before}`);
  }
  if (k.neverFollowedUp) w.push(sql<SqlBool>`o.followup_count = 0`);
  if (k.q) {
    const ids = await fewCandidates(db, dialect, searchCandidates(dialect, k.q));
    w.push(...searchConditions(dialect, ['o.ref', 'c.name', 'o.customer_ref'], k.q, ids, 'o.id'));
  }
  let filtered = base(db);
  for (const c of w) filtered = filtered.where(c);
  // (A due list's orders all have a next date: no empty ones to read after the others.)
  const empty = column.nullable && !(k.due && column.column === 'o.next_followup_at');
  // (The SQL follows from these values alone, a search's aside: each page compiled once for them.)
  const compiled = k.q ? null : { db, key: JSON.stringify([k, sort.key, statusWalks]) };
  return readKeysetPage(filtered, column, sort.desc, 'o.id', cursor, limit, empty, compiled);
}

const orderById = compiledOnce((db, p: { id: number }) => base(db).where('o.id', '=', p.id));
const repOrderById = compiledOnce((db, p: { id: number; salesRepId: number }) =>
  base(db).where('o.id', '=', p.id).where('c.sales_rep_id', '=', p.salesRepId),
);

/** Compiled once (src/db/compiled-once.ts): every recorded follow-up reads its order. */
export async function findOrder(
  db: Executor,
  id: number,
  scope: CustomerScope,
): Promise<OrderWithCustomer | undefined> {
  const rows = scope.all
    ? await orderById(db, { id })
    : await repOrderById(db, { id, salesRepId: scope.salesRepId });
  return rows[0];
}

export async function findOrderByRef(
  db: Executor,
  ref: string,
  scope: CustomerScope,
): Promise<OrderWithCustomer | undefined> {
  let q = base(db).where('o.ref', '=', ref);
  if (!scope.all) q = q.where('c.sales_rep_id', '=', scope.salesRepId);
  return q.executeTakeFirst();
}

export async function insertOrder(db: Executor, row: NewOrderRow): Promise<number> {
  const r = await db.insertInto('orders').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateOrder(db: Executor, id: number, patch: OrderUpdate): Promise<void> {
  await db.updateTable('orders').set(patch).where('id', '=', id).execute();
}

export async function moveFollowupsToCustomer(
  db: Executor,
  orderId: number,
  customerId: number,
): Promise<void> {
  await db
    .updateTable('followups')
    .set({ customer_id: customerId })
    .where('order_id', '=', orderId)
    .execute();
}

export async function deleteOrder(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('orders').where('id', '=', id).execute();
}

export async function orderHasFollowups(db: Executor, id: number): Promise<boolean> {
  const r = await db
    .selectFrom('followups')
    .select('id')
    .where('order_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** An order as the follow-up form's order picker offers it. */
export interface OrderChoiceRow {
  id: number;
  ref: string;
  customer_id: number;
  customer_name: string;
  status: OrderRow['status'];
  is_open: number;
  next_followup_at: string | null;
}

function choices(db: Executor) {
  return db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .select([
      'o.id',
      'o.ref',
      'o.customer_id',
      'c.name as customer_name',
      'o.status',
      'o.is_open',
      'o.next_followup_at',
    ]);
}

/**
 * Orders whose ref starts with `prefix` (any case), in ref order: a range scan of orders_ref_prefix_idx,
 * so the picker stays in the milliseconds with 100,000 orders.
 */
export async function pickOrdersByRefPrefix(
  db: Executor,
  dialect: Dialect,
  k: { scope: CustomerScope; customerId?: number | undefined },
  prefix: string,
  limit: number,
): Promise<OrderChoiceRow[]> {
  const p = prefix.toLowerCase();
  let q = choices(db);
  if (dialect === 'postgres') {
    q = q
      .where(sql<SqlBool>`lower(o.ref) like ${`${p.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} escape '\\'`)
      .orderBy(sql`lower(o.ref) using ~<~`);
  } else {
    // SQLite compares UTF-8 bytes: every string starting with p sorts between p and p + U+10FFFF.
    q = q
      .where(sql<SqlBool>`lower(o.ref) >= ${p} and lower(o.ref) < ${`${p}\u{10FFFF}`}`)
      .orderBy(sql`lower(o.ref)`);
  }
  if (!k.scope.all) q = q.where('c.sales_rep_id', '=', k.scope.salesRepId);
  if (k.customerId) q = q.where('o.customer_id', '=', k.customerId);
  return q.limit(limit).execute();
}

/**
 * How many customers, in name order, the picker tests one by one before it asks the trigram index. Three
 * letters a user types usually match many customers ("Dup": 1,005 of 20,000): the first dozen matches are
 * then among the first few hundred names, found without reading and sorting every match.
 */
export const PICKER_NAME_WALK = 500;

/**
 * Orders of the customers whose name or code contains `text` (three characters or more), open orders first
 * within each customer. The first `limit` matching customers in name order are found first, then their
 * orders by orders_customer_idx: one joined query let the planner walk every order instead.
 * The customers come from the first `walk` names in name order when at least `limit` of those match: the
 * first matches of the whole list are then among them. Otherwise (a rarer text) from the trigram index
 * (customers_fts on SQLite, pg_trgm through ILIKE on PostgreSQL), confirmed by containsText and sorted.
 */
export async function pickOrdersByCustomerText(
  db: Executor,
  dialect: Dialect,
  k: { scope: CustomerScope; customerId?: number | undefined },
  text: string,
  limit: number,
  walk = PICKER_NAME_WALK,
): Promise<OrderChoiceRow[]> {
  if (!trigramUsable(text)) return [];
  let ids =
    k.customerId === undefined ? await firstCustomersByName(db, dialect, k.scope, text, limit, walk) : [];
  if (ids.length < limit) ids = await customersFromTrigrams(db, dialect, k, text, limit);
  if (ids.length === 0) return [];
  return choices(db)
    .where('o.customer_id', 'in', ids)
    .orderBy('c.name')
    .orderBy('c.id')
    .orderBy('o.is_open', 'desc')
    .orderBy('o.id', 'desc')
    .limit(limit)
    .execute();
}

/** The customers matching `text` among the first `walk` in name order (customers_name_idx, customers_rep_idx). */
async function firstCustomersByName(
  db: Executor,
  dialect: Dialect,
  scope: CustomerScope,
  text: string,
  limit: number,
  walk: number,
): Promise<number[]> {
  if (walk <= 0) return [];
  let first = db.selectFrom('customers as c').select(['c.id', 'c.name', 'c.code']);
  if (!scope.all) first = first.where('c.sales_rep_id', '=', scope.salesRepId);
  const rows = await db
    .selectFrom(first.orderBy('c.name').orderBy('c.id').limit(walk).as('w'))
    .select('w.id')
    .where(containsText(dialect, ['w.name', 'w.code'], text))
    .orderBy('w.name')
    .orderBy('w.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The first `limit` customers in name order whose name or code contains `text`, through the trigram index. */
async function customersFromTrigrams(
  db: Executor,
  dialect: Dialect,
  k: { scope: CustomerScope; customerId?: number | undefined },
  text: string,
  limit: number,
): Promise<number[]> {
  let customers = db
    .selectFrom('customers as c')
    .select('c.id')
    .where(containsText(dialect, ['c.name', 'c.code'], text));
  const match = dialect === 'sqlite' ? trigramMatch(text) : null;
  if (match)
    customers = customers.where(
      sql<SqlBool>`c.id in (select rowid from customers_fts where customers_fts match ${match})`,
    );
  if (!k.scope.all) customers = customers.where('c.sales_rep_id', '=', k.scope.salesRepId);
  if (k.customerId) customers = customers.where('c.id', '=', k.customerId);
  return (await customers.orderBy('c.name').orderBy('c.id').limit(limit).execute()).map((r) => r.id);
}

/** A customer's orders for the customer card's Add form: open orders first, newest first. */
export async function customerOrderChoices(
  db: Executor,
  customerId: number,
  scope: CustomerScope,
  limit: number,
): Promise<OrderChoiceRow[]> {
  let q = choices(db).where('o.customer_id', '=', customerId);
  if (!scope.all) q = q.where('c.sales_rep_id', '=', scope.salesRepId);
  return q.orderBy('o.is_open', 'desc').orderBy('o.id', 'desc').limit(limit).execute();
}
