// SQL for follow-ups: joined reads, keyset lists, writes, and the order summary kept in step with them.
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CustomerScope } from '../../auth/permissions.ts';
import type { Dialect, Executor } from '../../db/database.ts';
import { keysetPlan, type SortColumn } from '../../db/keyset.ts';
import type { FollowupRow, FollowupUpdate, NewFollowupRow } from '../../db/schema/followups.table.ts';
import {
  containsText,
  fewCandidates,
  likePattern,
  PROBE_TRIGRAMS,
  trigramMatch,
  trigramUsable,
} from '../../db/text-search.ts';
import type { Cursor } from '../../shared/cursor.ts';
import type { Followup } from './followup.schemas.ts';

export const followupSortColumns: Record<string, SortColumn> = {
  id: { column: 'f.id', nullable: false },
  doneAt: { column: 'f.done_at', nullable: false },
  nextAt: { column: 'f.next_at', nullable: true },
  createdAt: { column: 'f.created_at', nullable: false },
  updatedAt: { column: 'f.updated_at', nullable: false },
  channel: { column: 'f.channel', nullable: false },
  note: { column: 'f.note', nullable: false },
  orderRef: { column: 'o.ref', nullable: false },
  customerName: { column: 'c.name', nullable: false },
  userName: { column: 'u.name', nullable: false },
  assigneeName: { column: 'a.name', nullable: false },
};

/** Filters already resolved by the service into column values and UTC bounds. */
export interface FollowupCriteria {
  scope: CustomerScope;
  orderId?: number | undefined;
  customerId?: number | undefined;
  userId?: number | undefined;
  assigneeId?: number | undefined;
  channel?: string | undefined;
  doneFromUtc?: string | undefined;
  doneBeforeUtc?: string | undefined;
  nextFrom?: string | undefined;
  nextTo?: string | undefined;
  /** Only follow-ups that carry their open order's current next date, within these bounds. */
  current?: { from?: string; to?: string; before?: string } | undefined;
  q?: string | undefined;
}

/** The table a list query should be driven from: the follow-ups, or the table its sort column belongs to. */
type Lead = 'f' | 'o' | 'c' | 'u' | 'a';

/**
 * Which table drives a list: the follow-ups when the sort is theirs or a filter narrows them to one order
 * or customer; the orders for "due today / this week" (few orders, found by next date); else the table of
 * the sort column (customers in name order, orders in ref order…), so that the first page is read in order.
 */
function leadOf(sortColumn: string, k: FollowupCriteria): Lead {
  if (k.orderId !== undefined || k.customerId !== undefined) return 'f';
  if (k.current && (!k.current.before || sortColumn.startsWith('o.'))) return 'o';
  const table = sortColumn.slice(0, sortColumn.indexOf('.'));
  return table === 'o' || table === 'c' || table === 'u' || table === 'a' ? table : 'f';
}

/**
 * The follow-ups with their order, customer and users. On SQLite, a unary + on the follow-up's side of the
 * joins that should not drive the query keeps the planner on the intended table whatever its statistics
 * (without them it drove a million-row list from the users table and sorted it: seconds).
 */
function joined(db: Executor, dialect: Dialect = 'postgres', lead: Lead = 'f', current = false) {
  const on = (t: Lead, key: string, column: string) =>
    dialect === 'sqlite' && t !== lead
      ? sql<SqlBool>`${sql.ref(key)} = +${sql.ref(column)}`
      : sql<SqlBool>`${sql.ref(key)} = ${sql.ref(column)}`;
  // PostgreSQL, due lists: joined by the order's latest follow-up alone (it implies the order), so that
  // the planner does not multiply two join conditions into "one row" and hash the whole table.
  const order =
    current && dialect === 'postgres'
      ? sql<SqlBool>`o.last_followup_id = f.id`
      : on('o', 'o.id', 'f.order_id');
  return db
    .selectFrom('followups as f')
    .innerJoin('orders as o', (j) => j.on(order))
    .innerJoin('customers as c', (j) => j.on(on('c', 'c.id', 'f.customer_id')))
    .innerJoin('users as u', (j) => j.on(on('u', 'u.id', 'f.user_id')))
    .innerJoin('users as a', (j) => j.on(on('a', 'a.id', 'f.assignee_id')))
    .select([
      'f.id',
      'f.order_id as orderId',
      'f.customer_id as customerId',
      'f.user_id as userId',
      'f.channel',
      'f.outcome',
      'f.note',
      'f.done_at as doneAt',
      'f.next_at as nextAt',
      'f.assignee_id as assigneeId',
      'f.created_at as createdAt',
      'f.updated_at as updatedAt',
      'o.ref as orderRef',
      'c.name as customerName',
      'u.name as userName',
      'a.name as assigneeName',
    ])
    .where('f.deleted_at', 'is', null);
}

function conditions(
  dialect: Dialect,
  k: FollowupCriteria,
  searchIds: RawBuilder<unknown> | null = null,
  lead: Lead = 'f',
): Expression<SqlBool>[] {
  const w: Expression<SqlBool>[] = [];
  const eq = (col: string, v: unknown) => w.push(sql<SqlBool>`${sql.ref(col)} = ${v}`);
  // f.sales_rep_id is the customer's rep, copied by triggers: one index range per sales user.
  if (!k.scope.all) eq('f.sales_rep_id', k.scope.salesRepId);
  if (k.orderId !== undefined) eq('f.order_id', k.orderId);
  if (k.customerId !== undefined) eq('f.customer_id', k.customerId);
  if (k.userId !== undefined) eq('f.user_id', k.userId);
  if (k.assigneeId !== undefined) eq('f.assignee_id', k.assigneeId);
  if (k.channel !== undefined) eq('f.channel', k.channel);
  if (k.doneFromUtc) w.push(sql<SqlBool>`f.done_at >= ${k.doneFromUtc}`);
  if (k.doneBeforeUtc) w.push(sql<SqlBool>`f.done_at < ${k.doneBeforeUtc}`);
  if (k.nextFrom) w.push(sql<SqlBool>`f.next_at >= ${k.nextFrom}`);
  if (k.nextTo) w.push(sql<SqlBool>`f.next_at <= ${k.nextTo}`);
  if (k.current) {
    // (+f.id: when the follow-ups drive, the orders must not, see joined().)
    const fid = dialect === 'sqlite' && lead !== 'o' ? sql`+f.id` : sql`f.id`;
    if (dialect === 'sqlite') w.push(sql<SqlBool>`o.last_followup_id = ${fid}`);
    w.push(sql<SqlBool>`o.is_open = 1 and f.next_at is not null`);
    // The order's next date is its current follow-up's: the same bounds on it let orders_due_idx find them.
    if (k.current.from)
      w.push(sql<SqlBool>`f.next_at >= ${k.current.from} and o.next_followup_at >= ${k.current.from}`);
    if (k.current.to)
      w.push(sql<SqlBool>`f.next_at <= ${k.current.to} and o.next_followup_at <= ${k.current.to}`);
    // (Not for overdue on SQLite: most open orders are, and they are best read through
    // orders_current_done_idx; PostgreSQL needs the bound to count them right.)
    if (k.current.before)
      w.push(
        dialect === 'sqlite'
          ? sql<SqlBool>`f.next_at < ${k.current.before}`
          : sql<SqlBool>`f.next_at < ${k.current.before} and o.next_followup_at < ${k.current.before}`,
      );
  }
  if (k.q) w.push(containsText(dialect, ['f.note', 'o.ref', 'c.name'], k.q));
  if (searchIds) w.push(sql<SqlBool>`f.id in (${searchIds})`);
  return w;
}

/**
 * Ids of the follow-ups whose note, order ref or customer name may contain `text`, from the trigram
 * indexes; null when the text is too short for them.
 */
function searchCandidates(dialect: Dialect, text: string, trigrams?: number): RawBuilder<unknown> | null {
  if (dialect === 'sqlite') {
    const m = trigramMatch(text, undefined, trigrams);
    if (!m) return null;
    // (deleted_at is null: the partial indexes on order_id and customer_id only hold live follow-ups.)
    return sql`select rowid as id from followups_fts where followups_fts match ${m}
      union all select id from followups where deleted_at is null and order_id in
        (select rowid from orders_fts where orders_fts match ${trigramMatch(text, 'ref', trigrams)})
      union all select id from followups where deleted_at is null and customer_id in
        (select rowid from customers_fts where customers_fts match ${trigramMatch(text, 'name', trigrams)})`;
  }
  if (!trigramUsable(text)) return null;
  const p = likePattern(text);
  return sql`select id from followups where note ilike ${p} escape '\\'
    union all select id from followups where deleted_at is null
      and order_id in (select id from orders where ref ilike ${p} escape '\\')
    union all select id from followups where deleted_at is null
      and customer_id in (select id from customers where name ilike ${p} escape '\\')`;
}

export async function listFollowups(
  db: Executor,
  dialect: Dialect,
  criteria: FollowupCriteria,
  sort: { key: string; desc: boolean },
  cursor: Cursor | null,
  limit: number,
): Promise<Followup[]> {
  let column = followupSortColumns[sort.key];
  if (!column) throw new Error(`unchecked sort key ${sort.key}`);
  let idColumn = 'f.id';
  // A due list holds the orders' latest follow-ups only, whose date and id the order keeps: reading the
  // orders in that order (orders_current_done_idx) gives the list's default order without sorting.
  if (criteria.current && sort.key === 'doneAt') {
    column = { column: 'o.last_followup_at', nullable: false };
    idColumn = 'o.last_followup_id';
  }
  const plan = keysetPlan(column, sort.desc, idColumn, cursor);
  const searchIds = criteria.q
    ? await fewCandidates(
        db,
        dialect,
        searchCandidates(dialect, criteria.q),
        searchCandidates(dialect, criteria.q, PROBE_TRIGRAMS),
      )
    : null;
  const lead = leadOf(column.column, criteria);
  let q = joined(db, dialect, lead, criteria.current !== undefined);
  for (const c of conditions(dialect, criteria, searchIds, lead)) q = q.where(c);
  if (plan.where) q = q.where(plan.where);
  for (const o of plan.orderBy) q = q.orderBy(o);
  const rows = await q.limit(limit).execute();
  return rows as Followup[];
}

export async function findFollowup(
  db: Executor,
  id: number,
  scope: CustomerScope,
): Promise<Followup | undefined> {
  let q = joined(db).where('f.id', '=', id);
  if (!scope.all) q = q.where('c.sales_rep_id', '=', scope.salesRepId);
  return (await q.executeTakeFirst()) as Followup | undefined;
}

export async function findFollowupRow(db: Executor, id: number): Promise<FollowupRow | undefined> {
  return db
    .selectFrom('followups')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertFollowup(db: Executor, row: NewFollowupRow): Promise<number> {
  const r = await db.insertInto('followups').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateFollowup(db: Executor, id: number, patch: FollowupUpdate): Promise<void> {
  await db.updateTable('followups').set(patch).where('id', '=', id).execute();
}

/**
 * Recomputes the order's follow-up summary from its live follow-ups: the latest one (greatest done_at,
 * then id) gives next_followup_at and next_assignee_id. Runs in the writer's transaction.
 */
export async function refreshOrderSummary(db: Executor, orderId: number): Promise<void> {
  const latest = await db
    .selectFrom('followups')
    .select(['id', 'next_at', 'assignee_id', 'done_at'])
    .where('order_id', '=', orderId)
    .where('deleted_at', 'is', null)
    .orderBy('done_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const counted = await db
    .selectFrom('followups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('order_id', '=', orderId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('orders')
    .set({
      last_followup_id: latest?.id ?? null,
      last_followup_at: latest?.done_at ?? null,
      next_followup_at: latest?.next_at ?? null,
      next_assignee_id: latest ? latest.assignee_id : null,
      followup_count: Number(counted.n),
    })
    .where('id', '=', orderId)
    .execute();
}

/**
 * The same summary as refreshOrderSummary, for many orders in one statement per chunk (imports): the
 * latest live follow-up by done_at then id, and the live count.
 */
export async function refreshOrderSummaries(db: Executor, orderIds: number[]): Promise<void> {
  const latest = <T>(column: string) =>
    sql<T>`(select ${sql.ref(`lf.${column}`)} from followups lf where lf.order_id = orders.id and lf.deleted_at is null order by lf.done_at desc, lf.id desc limit 1)`;
  for (let i = 0; i < orderIds.length; i += 500) {
    await db
      .updateTable('orders')
      .set({
        last_followup_id: latest<number | null>('id'),
        last_followup_at: latest<string | null>('done_at'),
        next_followup_at: latest<string | null>('next_at'),
        next_assignee_id: latest<number | null>('assignee_id'),
        followup_count: sql<number>`(select count(*) from followups cf where cf.order_id = orders.id and cf.deleted_at is null)`,
      })
      .where('id', 'in', orderIds.slice(i, i + 500))
      .execute();
  }
}
