// SQL for follow-ups: joined reads, keyset lists, writes, and the order summary kept in step with them.
import { CompiledQuery, type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CustomerScope } from '../../auth/permissions.ts';
import { compiledFor, compiledOnce } from '../../db/compiled-once.ts';
import type { Db, Dialect, Executor } from '../../db/database.ts';
import { countUpTo, keepsShare } from '../../db/filter-share.ts';
import { keptPerDatabase } from '../../db/kept-per-database.ts';
import { keysetPlan, readAfterCursor, type SortColumn } from '../../db/keyset.ts';
import type { FollowupUpdate, NewFollowupRow } from '../../db/schema/followups.table.ts';
import {
  type Candidates,
  containsText,
  fewCandidates,
  likePattern,
  PROBE_TRIGRAMS,
  searchConditions,
  searchTuning,
  trigramMatch,
  trigramUsable,
} from '../../db/text-search.ts';
import { type Cursor, invalidCursor } from '../../shared/cursor.ts';
import type { Followup } from './followup.schemas.ts';

/** How much of a note the note sort compares (see the migration 2026-12-03T1100-note-sort-index). */
export const NOTE_SORT_CHARS = 100;

/** A follow-up's value for its sort's cursor: the column, or for the note sort its indexed beginning. */
export function sortValueOf(f: Followup, key: string): string | number | null {
  const value = f[key as keyof Followup] as string | number | null;
  if (key !== 'note' || typeof value !== 'string') return value;
  // substr counts characters (code points), as Array.from does, on both databases.
  return value.length <= NOTE_SORT_CHARS ? value : Array.from(value).slice(0, NOTE_SORT_CHARS).join('');
}

export const followupSortColumns: Record<string, SortColumn> = {
  id: { column: 'f.id', nullable: false },
  doneAt: { column: 'f.done_at', nullable: false },
  nextAt: { column: 'f.next_at', nullable: true },
  createdAt: { column: 'f.created_at', nullable: false },
  updatedAt: { column: 'f.updated_at', nullable: false },
  channel: { column: 'f.channel', nullable: false },
  // The first NOTE_SORT_CHARS characters, as followups_note_sort_idx holds them: notes run to 10,000
  // characters, more than a PostgreSQL index entry takes. Notes that begin alike that far go by id.
  note: {
    column: 'f.note',
    nullable: false,
    expression: sql`substr(f.note, 1, ${sql.lit(NOTE_SORT_CHARS)})`,
  },
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
  /**
   * Also select `isCurrent` (1 or 0): whether the row carries its open order's current next date. The
   * pages show only those as overdue; the order is joined already, so this costs no extra query.
   */
  markCurrent?: boolean | undefined;
}

/** A listed follow-up, with `isCurrent` when the criteria asked for it (markCurrent). */
export type ListedFollowup = Followup & { isCurrent?: number };

/** The table a list query should be driven from: the follow-ups, or the table its sort column belongs to. */
type Lead = 'f' | 'o' | 'c' | 'u' | 'a';

/**
 * Which table drives a list: the follow-ups when the sort is theirs or a filter narrows them to one order
 * or customer; the orders for a due list (the open orders, found by next date or, by date done, through
 * orders_current_done_idx); else the table of the sort column (customers in name order, orders in ref
 * order…), so that the first page is read in order.
 */
function leadOf(sortColumn: string, k: FollowupCriteria): Lead {
  if (k.orderId !== undefined || k.customerId !== undefined) return 'f';
  if (k.current) return 'o';
  const table = sortColumn.slice(0, sortColumn.indexOf('.'));
  return table === 'o' || table === 'c' || table === 'u' || table === 'a' ? table : 'f';
}

/** The joined follow-ups built so far, by executor and shape (see joined). */
const joinedBuilt = new WeakMap<Executor, Map<string, ReturnType<typeof buildJoined>>>();

/**
 * The follow-ups with their order, customer and users. On SQLite, a unary + on the follow-up's side of the
 * joins that should not drive the query keeps the planner on the intended table whatever its statistics
 * (without them it drove a million-row list from the users table and sorted it: seconds).
 *
 * Built once per executor and shape, then reused: Kysely's builders are immutable (each `where` returns a
 * new one), and building the four joins and sixteen columns cost ~0.1 ms a list, 5 % of the list page's
 * CPU. (The queries made from one share Kysely's query id, which only plugins read; there are none.)
 */
function joined(db: Executor, dialect: Dialect = 'postgres', lead: Lead = 'f', current = false) {
  let shapes = joinedBuilt.get(db);
  if (!shapes) {
    shapes = new Map();
    joinedBuilt.set(db, shapes);
  }
  const shape = `${dialect}|${lead}|${current}`;
  let q = shapes.get(shape);
  if (!q) {
    q = buildJoined(db, dialect, lead, current);
    shapes.set(shape, q);
  }
  return q;
}

/** How joined() and filteredKeys() join the order, customer, maker and assignee to each follow-up. */
function joinConditions(
  dialect: Dialect,
  lead: Lead,
  current: boolean,
): Record<Exclude<Lead, 'f'>, RawBuilder<SqlBool>> {
  const on = (t: Lead, key: string, column: string) =>
    dialect === 'sqlite' && t !== lead
      ? sql<SqlBool>`${sql.ref(key)} = +${sql.ref(column)}`
      : sql<SqlBool>`${sql.ref(key)} = ${sql.ref(column)}`;
  return {
    // PostgreSQL, due lists: joined by the order's latest follow-up alone (it implies the order), so that
    // the planner does not multiply two join conditions into "one row" and hash the whole table.
    o:
      current && dialect === 'postgres'
        ? sql<SqlBool>`o.last_followup_id = f.id`
        : on('o', 'o.id', 'f.order_id'),
    c: on('c', 'c.id', 'f.customer_id'),
    u: on('u', 'u.id', 'f.user_id'),
    a: on('a', 'a.id', 'f.assignee_id'),
  };
}

function buildJoined(db: Executor, dialect: Dialect, lead: Lead, current: boolean) {
  const on = joinConditions(dialect, lead, current);
  return db
    .selectFrom('followups as f')
    .innerJoin('orders as o', (j) => j.on(on.o))
    .innerJoin('customers as c', (j) => j.on(on.c))
    .innerJoin('users as u', (j) => j.on(on.u))
    .innerJoin('users as a', (j) => j.on(on.a))
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
  search: Expression<SqlBool>[] = [],
  lead: Lead = 'f',
  walk = false,
): Expression<SqlBool>[] {
  const w: Expression<SqlBool>[] = [];
  // When the people drive a name-sorted list (listByPerson), or the sort's index drives it (walk, see
  // walksSortIndex and windowWalksSortIndex), SQLite must not read the follow-ups by a filter's index instead
  // (a channel has a fifth of them) and sort them all: a unary + keeps these equalities and ranges as checks
  // on each row read.
  const keep = dialect === 'sqlite' && (walk || lead === 'u' || lead === 'a') ? sql`+` : sql``;
  // Ranges only when a window said the walk finds its page (windowWalksSortIndex): otherwise SQLite weighs
  // the range's index against the walk itself.
  const keepRange = dialect === 'sqlite' && walk ? sql`+` : sql``;
  // (PostgreSQL, a walk of each person's follow-ups (listByPerson): `+ 0` keeps next dates a check, or the
  // planner took followups_done_idx, which holds them, and read every person's follow-ups for each one's.)
  const nextAt = dialect === 'postgres' && walk ? sql`(f.next_at + 0)` : sql`${keepRange}f.next_at`;
  const eq = (col: string, v: unknown) => w.push(sql<SqlBool>`${keep}${sql.ref(col)} = ${v}`);
  // f.sales_rep_id is the customer's rep, copied by triggers: one index range per sales user.
  if (!k.scope.all) {
    if (dialect === 'sqlite' && lead === 'c') {
      // Sorted on the customer's name: the salesperson's customers in name order (customers_rep_idx), each
      // one's follow-ups by its index, rather than all the salesperson's follow-ups sorted (~5 % of them,
      // 100-150 ms at 1M).
      w.push(sql<SqlBool>`+f.sales_rep_id = ${k.scope.salesRepId}`);
      w.push(sql<SqlBool>`c.sales_rep_id = ${k.scope.salesRepId}`);
    } else eq('f.sales_rep_id', k.scope.salesRepId);
  }
  if (k.orderId !== undefined) eq('f.order_id', k.orderId);
  if (k.customerId !== undefined) eq('f.customer_id', k.customerId);
  if (k.userId !== undefined) eq('f.user_id', k.userId);
  if (k.assigneeId !== undefined) eq('f.assignee_id', k.assigneeId);
  if (k.channel !== undefined) eq('f.channel', k.channel);
  if (k.doneFromUtc) w.push(sql<SqlBool>`${keepRange}f.done_at >= ${k.doneFromUtc}`);
  if (k.doneBeforeUtc) w.push(sql<SqlBool>`${keepRange}f.done_at < ${k.doneBeforeUtc}`);
  if (k.nextFrom) w.push(sql<SqlBool>`${nextAt} >= ${k.nextFrom}`);
  if (k.nextTo) w.push(sql<SqlBool>`${nextAt} <= ${k.nextTo}`);
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
  w.push(...search);
  return w;
}

/** The columns a follow-up search looks in. */
const SEARCHED_COLUMNS = ['f.note', 'o.ref', 'c.name'];

/**
 * A list's conditions for `q=` (decision 0400): restricted to the trigram indexes' candidates when there are
 * few; otherwise the list is walked in its order and each row tested. That walk tests the note alone, and
 * the order and customer by id, against the orders whose ref and customers whose name contain the text (up
 * to WALKED_PARENTS_MAX of each), so that a row is joined to them only once it matches: a word in 7 % of the
 * notes walks ~10,000 rows at 1M in the benchmark, at less than half the cost. More parents than that, or a
 * text too short for trigrams, and the walk tests the joined columns as before.
 */
async function searchFor(
  db: Executor,
  dialect: Dialect,
  text: string,
  scope: CustomerScope,
): Promise<Expression<SqlBool>[]> {
  const candidates = await fewCandidates(db, dialect, searchCandidates(dialect, text, scope));
  const parents = candidates ? null : await parentsContaining(db, dialect, text);
  if (!parents) return searchConditions(dialect, SEARCHED_COLUMNS, text, candidates, 'f.id');
  const either = [containsText(dialect, ['f.note'], text)];
  if (parents.orders.size > 0) either.push(parents.orders.of('f.order_id'));
  if (parents.customers.size > 0) either.push(parents.customers.of('f.customer_id'));
  return [
    either.length === 1 ? (either[0] as Expression<SqlBool>) : sql<SqlBool>`(${sql.join(either, sql` or `)})`,
  ];
}

/**
 * The orders whose ref and the customers whose name contain `text`, read by fewCandidates (on SQLite
 * through the trigram tables, which drive the reads so that the LIMIT stops them, and tested exactly);
 * null when the text is too short for trigrams or either holds more than searchTuning.walkedParentsMax.
 */
async function parentsContaining(
  db: Executor,
  dialect: Dialect,
  text: string,
): Promise<{ orders: Candidates; customers: Candidates } | null> {
  let orders: RawBuilder<unknown>;
  let customers: RawBuilder<unknown>;
  if (dialect === 'sqlite') {
    const refs = trigramMatch(text, 'ref', PROBE_TRIGRAMS);
    const names = trigramMatch(text, 'name', PROBE_TRIGRAMS);
    if (!refs || !names) return null;
    orders = sql`select o.id from orders_fts x cross join orders o on o.id = x.rowid
      where x.orders_fts match ${refs} and ${containsText(dialect, ['o.ref'], text)}`;
    customers = sql`select c.id from customers_fts x cross join customers c on c.id = x.rowid
      where x.customers_fts match ${names} and ${containsText(dialect, ['c.name'], text)}`;
  } else {
    if (!trigramUsable(text)) return null;
    orders = sql`select id from orders o where ${containsText(dialect, ['o.ref'], text)}`;
    customers = sql`select id from customers c where ${containsText(dialect, ['c.name'], text)}`;
  }
  const max = searchTuning.walkedParentsMax + 1;
  const [o, c] = await Promise.all([
    fewCandidates(db, dialect, orders, max),
    fewCandidates(db, dialect, customers, max),
  ]);
  return o && c ? { orders: o, customers: c } : null;
}

/**
 * Ids of the follow-ups whose note, order ref or customer name may contain `text`, from the trigram
 * indexes; null when the text is too short for them. SQLite, for a salesperson limited to their
 * customers: the orders' and customers' matches are theirs only (the list keeps only theirs anyway). A
 * customer's name shared by 300 customers gave 15,000 candidates, too many to read by id, and their list
 * was read whole to test each note for any sort but the date's (57-66 ms at 1M); their 15 customers give
 * ~750 (7-14 ms). The notes' matches are not narrowed: each would be looked up for its customer. On
 * PostgreSQL the same narrowing made the candidates worth reading and took the default sort from 16 to 44 ms.
 */
function searchCandidates(dialect: Dialect, text: string, scope: CustomerScope): RawBuilder<unknown> | null {
  if (dialect === 'sqlite') {
    const rep = scope.all ? null : scope.salesRepId;
    const m = trigramMatch(text, undefined, PROBE_TRIGRAMS);
    if (!m) return null;
    const refs = trigramMatch(text, 'ref', PROBE_TRIGRAMS);
    const names = trigramMatch(text, 'name', PROBE_TRIGRAMS);
    // (deleted_at is null: the partial indexes on order_id and customer_id only hold live follow-ups.)
    // Notes still waiting for the index are all candidates (migration 2026-12-04T0900). The trigram tables
    // drive the reads of the orders' and customers' follow-ups, so that the caller's LIMIT stops them: as
    // `order_id in (…)`, SQLite read every matching order first (13 ms for "BK0" at 1M, now 0.4 ms).
    const ofOrders =
      rep === null
        ? sql`select f.id from orders_fts x cross join followups f on f.order_id = x.rowid
            where x.orders_fts match ${refs} and f.deleted_at is null`
        : sql`select f.id from orders_fts x cross join orders o on o.id = x.rowid
            cross join customers c on c.id = o.customer_id cross join followups f on f.order_id = o.id
            where x.orders_fts match ${refs} and c.sales_rep_id = ${rep} and f.deleted_at is null`;
    const ofCustomers =
      rep === null
        ? sql`select f.id from customers_fts x cross join followups f on f.customer_id = x.rowid
            where x.customers_fts match ${names} and f.deleted_at is null`
        : sql`select f.id from customers_fts x cross join customers c on c.id = x.rowid
            cross join followups f on f.customer_id = c.id
            where x.customers_fts match ${names} and c.sales_rep_id = ${rep} and f.deleted_at is null`;
    return sql`select rowid as id from followups_fts where followups_fts match ${m}
      union all select id from followups_fts_pending
      union all ${ofOrders}
      union all ${ofCustomers}`;
  }
  if (!trigramUsable(text)) return null;
  const p = likePattern(text);
  return sql`select id from followups where note ilike ${p} escape '\\'
    union all select id from followups where deleted_at is null
      and order_id in (select id from orders where ref ilike ${p} escape '\\')
    union all select id from followups where deleted_at is null
      and customer_id in (select id from customers where name ilike ${p} escape '\\')`;
}

/**
 * SQLite: puts the notes of up to `max` follow-ups waiting in followups_fts_pending into the trigram index,
 * oldest first, in one transaction (one FTS5 segment for the batch); returns how many were indexed.
 */
export async function indexPendingNotes(db: Db, max: number): Promise<number> {
  // (Read first: an empty queue takes no write lock.)
  const waiting = await sql<{ id: number }>`select id from followups_fts_pending limit 1`.execute(db);
  if (waiting.rows.length === 0) return 0;
  return db.transaction().execute(async (tx) => {
    const batch = sql`select id from followups_fts_pending order by id limit ${sql.lit(max)}`;
    await sql`insert into followups_fts (rowid, note)
      select f.id, f.note from followups f where f.id in (${batch})`.execute(tx);
    const done = await sql`delete from followups_fts_pending where id in (${batch})`.execute(tx);
    return Number(done.numAffectedRows ?? 0);
  });
}

export async function listFollowups(
  db: Executor,
  dialect: Dialect,
  criteria: FollowupCriteria,
  sort: { key: string; desc: boolean },
  cursor: Cursor | null,
  limit: number,
): Promise<ListedFollowup[]> {
  const column = followupSortColumns[sort.key];
  if (!column) throw new Error(`unchecked sort key ${sort.key}`);
  // A sort on what the filters fix (one channel, maker, assignee, order or customer) gives every row the
  // same value: its order is its tie-break's, read as such. (PostgreSQL misjudged the cursor's bounds on the
  // fixed column: page 2 of the overdue e-mails by channel, 124 ms at 1M; and a maker's list by their own
  // name, ~65 ms, is the maker's index read in order.)
  const fixed = FIXED_BY[sort.key];
  if (fixed && criteria[fixed.filter] !== undefined) {
    const person = PERSON_SORTS[sort.key];
    const position = cursor && person ? await cursorPosition(db, person, cursor) : null;
    const sorted = { key: fixed.tieBreak, desc: sort.desc };
    const after: Cursor | null = position
      ? { sort: sorted.key, value: position.doneAt, id: position.id }
      : cursor && { sort: sorted.key, value: cursor.id, id: cursor.id };
    return listFollowups(db, dialect, criteria, sorted, after, limit);
  }
  const search = criteria.q ? await searchFor(db, dialect, criteria.q, criteria.scope) : [];
  const person = PERSON_SORTS[sort.key];
  if (person) return listByPerson(db, dialect, criteria, search, person, sort.desc, cursor, limit);
  // (Due lists and next-date ranges have a next date on every row: no empty ones to read after the others.)
  const empty = column.nullable && !criteria.current && !criteria.nextFrom && !criteria.nextTo;
  return readAfterCursor({ ...column, nullable: empty }, sort.desc, cursor, limit, (after, n) =>
    listSorted(db, dialect, criteria, search, sort, column, after, n),
  );
}

/**
 * The sorts a filter can fix, and the order they then give: a person's name sorts by name, person, date done
 * and id (listByPerson), a column by itself and id.
 */
const FIXED_BY: Record<
  string,
  { filter: 'channel' | 'userId' | 'assigneeId' | 'orderId' | 'customerId'; tieBreak: 'id' | 'doneAt' }
> = {
  channel: { filter: 'channel', tieBreak: 'id' },
  userName: { filter: 'userId', tieBreak: 'doneAt' },
  assigneeName: { filter: 'assigneeId', tieBreak: 'doneAt' },
  orderRef: { filter: 'orderId', tieBreak: 'id' },
  customerName: { filter: 'customerId', tieBreak: 'id' },
};

/** listFollowups for a sort on a column of the follow-ups, orders or customers, after a cursor. */
async function listSorted(
  db: Executor,
  dialect: Dialect,
  criteria: FollowupCriteria,
  search: Expression<SqlBool>[],
  sort: { key: string; desc: boolean },
  sortColumn: SortColumn,
  cursor: Cursor | null,
  limit: number,
): Promise<ListedFollowup[]> {
  let column = sortColumn;
  let idColumn = 'f.id';
  // A due list holds the orders' latest follow-ups only, whose date and id the order keeps: reading the
  // orders in that order (orders_current_done_idx) gives the list's default order without sorting.
  if (criteria.current && sort.key === 'doneAt') {
    column = { column: 'o.last_followup_at', nullable: false };
    idColumn = 'o.last_followup_id';
  }
  let plan = keysetPlan(column, sort.desc, idColumn, cursor);
  const lead = leadOf(column.column, criteria);
  // (A salesperson's list by customer name reads their customers in name order instead, see conditions.)
  const inWindow =
    dialect === 'sqlite' && !(await walksSortIndex(db, criteria, sort.key))
      ? lead !== 'c' || criteria.scope.all
        ? await rowsInWindow(db, criteria, sort.key, lead, plan)
        : null
      : undefined;
  const walk =
    dialect === 'sqlite' &&
    (inWindow === undefined ||
      (await windowWalksSortIndex(db, criteria, sort.key, lead, plan, limit, inWindow)));
  // Dates that keep few follow-ups, where the sort's order reaches them late: read them by their date's
  // index and sort them (on SQLite their ids, see sortedByKeys), rather than walk the sort's index, which may
  // cross most of the table first (last week's follow-ups by next date: 0.85 s at 1M on SQLite, 0.64 s on
  // PostgreSQL). "Late": on SQLite, the sort's next rows hold hardly any of them (a page would take more than
  // four windows at that rate); on PostgreSQL, whose planner picks a date's index by itself when it sees the
  // need, the sort is ascending on the other date from the one the filter bounds below (done and next dates
  // go together, which the planner does not know: follow-ups done lately are due late, so an ascending walk
  // of the next dates meets them last; descending, it meets them first). The sort column is wrapped so that
  // no index gives its order: `+(…)` on SQLite, `coalesce(…, …)` on PostgreSQL. Decision 0419.
  const late =
    dialect === 'sqlite'
      ? !walk && typeof inWindow === 'number' && inWindow * 4 < limit
      : !sort.desc &&
        ((sort.key === 'nextAt' && Boolean(criteria.doneFromUtc)) ||
          (sort.key === 'doneAt' && Boolean(criteria.nextFrom)));
  // Dates done alone, sorted by next date: followups_done_idx holds both, and the dates' ids are sorted
  // from that index alone, however many, unless the dates leave out so few follow-ups that the walk soon
  // meets theirs (this month's follow-ups by next date at 1M: SQLite 0.85 s → 11 ms, PostgreSQL 0.55 s → 17
  // ms; this year's, 0.3-0.4 s → ~85 ms; since two years ago, the walk after two counts: 17-25 ms).
  // Decision 0422.
  // (Their own count decides for them: where it says no, they keep over 100,000, and datesKeepFew's count of
  // the same dates would say no too.)
  const doneIndexHolds = late && lead === 'f' && datesDoneHoldSort(criteria, sort.key);
  const forced =
    late &&
    lead === 'f' &&
    (doneIndexHolds ? await datesDoneWorthSorting(db, criteria) : await datesKeepFew(db, criteria, sort.key));
  if (forced) {
    keysTuning.datesRead++;
    const e = column.expression ?? sql.ref(column.column);
    const unindexed = dialect === 'sqlite' ? sql`+(${e})` : sql`coalesce(${e}, ${e})`;
    plan = keysetPlan({ ...column, expression: unindexed }, sort.desc, idColumn, cursor);
  }
  const page = (from: Listing): Listing => {
    let q = from;
    // Overdue follow-ups in another order than by date: read through the open orders' next dates
    // (orders_due_idx), then sorted. Left to itself, SQLite read every follow-up with a past next date (most
    // of them) by followups_next_idx, and sorted those: 2 s at 1M.
    if (lead === 'o' && sort.key !== 'doneAt') q = boundOverdueOrders(q, criteria, dialect);
    if (plan.where) q = q.where(plan.where);
    for (const o of plan.orderBy) q = q.orderBy(o);
    return q.limit(limit);
  };
  // The list's SQL follows from these values alone (a search's aside): compiled once for them (compiledFor).
  const key = criteria.q ? null : JSON.stringify([criteria, sort, cursor, limit, lead, walk, forced]);
  if (walk) {
    const walked = () => page(filtered(db, dialect, criteria, search, lead, walk));
    return (key ? await compiledFor(db, key, walked) : await walked().execute()) as ListedFollowup[];
  }
  const tables = tablesOf(criteria, [column.column, idColumn], lead);
  return sortedByKeys(db, dialect, criteria, search, lead, tables, page, plan.orderBy, limit, {
    idsFirst: doneIndexHolds && forced,
    key,
  });
}

/** Up to how many dates done datesDoneWorthSorting sorts without asking more (~10 ms on SQLite at 1M). */
const DONE_SORTED_FEW = 100_000;

/**
 * Whether a list's dates done keep at most DONE_SORTED_FEW follow-ups, or leave out at least a fifth of
 * them: an ascending walk of the next dates crosses at most those left out before it finds the list's, so
 * that when the dates keep nearly everything the walk is soon done. Both counted on followups_done_idx, up
 * to the number that decides (a count costs ~0.06 µs a row on SQLite).
 */
async function datesDoneWorthSorting(db: Executor, k: FollowupCriteria): Promise<boolean> {
  const kept = [sql<SqlBool>`deleted_at is null`];
  const out: RawBuilder<SqlBool>[] = [];
  if (k.doneFromUtc) {
    kept.push(sql<SqlBool>`done_at >= ${k.doneFromUtc}`);
    out.push(sql<SqlBool>`done_at < ${k.doneFromUtc}`);
  }
  if (k.doneBeforeUtc) {
    kept.push(sql<SqlBool>`done_at < ${k.doneBeforeUtc}`);
    out.push(sql<SqlBool>`done_at >= ${k.doneBeforeUtc}`);
  }
  if ((await countUpTo(db, 'followups', sql.join(kept, sql` and `), DONE_SORTED_FEW + 1)) <= DONE_SORTED_FEW)
    return true;
  return keepsShare(
    db,
    'followups',
    sql<SqlBool>`deleted_at is null and (${sql.join(out, sql` or `)})`,
    5,
    1_000,
  );
}

/**
 * Whether a list is kept by its dates done alone (a manager's, no other filter) and sorted by next date: the
 * columns of followups_done_idx (done_at, id, next_at), so that its ids can be sorted from that index alone.
 */
function datesDoneHoldSort(k: FollowupCriteria, sortKey: string): boolean {
  return (
    sortKey === 'nextAt' &&
    Boolean(k.doneFromUtc || k.doneBeforeUtc) &&
    k.scope.all &&
    !k.nextFrom &&
    !k.nextTo &&
    [k.channel, k.userId, k.assigneeId, k.orderId, k.customerId, k.current, k.q].every((f) => f === undefined)
  );
}

/** A list query as filtered() builds it, or its keys as filteredKeys() does. */
type Listing = ReturnType<typeof filtered>;

/**
 * The tables a list's keys are read from (see sortedByKeys): the lead table, those of the sort's columns,
 * and those the filters test (a search tests orders' refs and customers' names, a due list the orders).
 */
function tablesOf(k: FollowupCriteria, columns: readonly string[], lead: Lead): Set<Lead> {
  const tables = new Set<Lead>();
  const add = (t: string) => {
    if (t === 'o' || t === 'c' || t === 'u' || t === 'a') tables.add(t);
  };
  add(lead);
  for (const c of columns) add(c.slice(0, c.indexOf('.')));
  if (k.q) for (const c of SEARCHED_COLUMNS) add(c.slice(0, c.indexOf('.')));
  if (k.current) add('o');
  return tables;
}

/** The SQL texts of lists whose SQLite plan sorts every row the filters keep, and the answer (see below). */
const sortingPlans = keptPerDatabase<boolean>(500);

/**
 * Runs a list query. On SQLite, when its plan reads the rows its filters keep and sorts them all (a
 * temporary B-tree for the ORDER BY, decided by SQLite from the query and its statistics, asked once per SQL
 * text), the page's ids are sorted first, read with only the tables the filters and sort need (`keys`),
 * then the page's rows are joined to the rest: SQLite joined the four tables and copied every column, the
 * note too, into the sorter for each kept row (a salesperson's 50,000 follow-ups by a person's name: 161 ms
 * against 43 ms at 1M). Decision 0419. `idsFirst`: sort the ids first without asking, on both databases
 * (one index holds the filters and the sort, see datesDoneHoldSort). `key`: the values the list's SQL
 * follows from, for the whole query compiled once (compiledFor).
 */
async function sortedByKeys(
  db: Executor,
  dialect: Dialect,
  criteria: FollowupCriteria,
  search: Expression<SqlBool>[],
  lead: Lead,
  tables: ReadonlySet<Lead>,
  page: (from: Listing) => Listing,
  orderBy: readonly Expression<unknown>[],
  limit: number,
  { idsFirst = false, key = null }: { idsFirst?: boolean; key?: string | null } = {},
): Promise<ListedFollowup[]> {
  const whole = () => page(filtered(db, dialect, criteria, search, lead));
  // (Unfiltered, every sort has its index and is read in order: no plan to ask; the question cost ~6 µs, 1 %
  // of the REST list's CPU, mostly hashing the SQL's text. An order's or a customer's follow-ups, or a
  // search's candidates, are few: they sort as they are.)
  const filters = rowChecks(criteria).checks.length > 0 || criteria.current !== undefined;
  const few = criteria.orderId !== undefined || criteria.customerId !== undefined || criteria.q !== undefined;
  if (keysTuning.off || (!idsFirst && (dialect !== 'sqlite' || !filters || few)))
    return (key ? await compiledFor(db, key, whole) : await whole().execute()) as ListedFollowup[];
  if (!idsFirst) {
    const compiled = whole().compile();
    if (!(await sortsAllRows(db, compiled)))
      return (await db.executeQuery(compiled)).rows as ListedFollowup[];
  }
  keysTuning.sorted++;
  const keys = page(filteredKeys(db, dialect, criteria, search, lead, tables));
  let q = joined(db, dialect, 'f', criteria.current !== undefined).where(sql<SqlBool>`f.id in (${keys})`);
  if (criteria.markCurrent) q = q.select(currentMark) as typeof q;
  for (const o of orderBy) q = q.orderBy(o);
  return (await q.limit(limit).execute()) as ListedFollowup[];
}

/**
 * Tests set `off` to run every list as one query, for reference; `sorted` counts the lists sorted by keys,
 * `datesRead` those whose few dates were read by their index (listSorted).
 */
export const keysTuning = { off: false, sorted: 0, datesRead: 0 };

/** Whether SQLite's plan for this query sorts with a temporary B-tree for its whole ORDER BY. */
async function sortsAllRows(db: Executor, compiled: CompiledQuery): Promise<boolean> {
  let sorts = sortingPlans.get(db, compiled.sql);
  if (sorts === undefined) {
    const steps = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
    );
    sorts = steps.rows.some((s) => s.detail === 'USE TEMP B-TREE FOR ORDER BY');
    sortingPlans.set(db, compiled.sql, sorts);
  }
  return sorts;
}

/** Follow-up columns a list filters on by equality, with the sorts their own indexes already serve. */
const WALKABLE_FILTERS = [
  // (No index serves a channel by date since the chart's were dropped, decision 0415: the default sort walks.)
  { key: 'channel', column: 'channel', served: ['id', 'channel'] },
  { key: 'userId', column: 'user_id', served: ['doneAt'] },
  { key: 'assigneeId', column: 'assignee_id', served: ['doneAt'] },
] as const;

/**
 * SQLite, a list filtered on one channel, maker or assignee and sorted on another column: whether to walk the
 * sort's index and check the filter on each row, rather than read the filter's rows by its index and sort
 * them all (a channel is a fifth of the follow-ups: 260-900 ms at 1M; one of 50 people: 110-210 ms). The walk
 * reads about 50 / share rows for a page, so it is chosen when the filter keeps at least 1 % of the
 * follow-ups (and 1,000), counted up to that many rows: a channel nobody uses or a person with a handful of
 * follow-ups keeps the filter's index, or the walk would read the whole sort index.
 */
export async function walksSortIndex(db: Executor, k: FollowupCriteria, sortKey: string): Promise<boolean> {
  if (walkTuning.off) return false;
  const set = WALKABLE_FILTERS.filter((f) => k[f.key] !== undefined);
  const only = set.length === 1 ? set[0] : undefined;
  if (!only || (only.served as readonly string[]).includes(sortKey) || sortKey in PERSON_SORTS) return false;
  if (!k.scope.all || k.orderId !== undefined || k.customerId !== undefined || k.current || k.q) return false;
  if (k.doneFromUtc || k.doneBeforeUtc || k.nextFrom || k.nextTo) return false;
  const kept = sql<SqlBool>`${sql.ref(only.column)} = ${k[only.key]} and deleted_at is null`;
  return keepsShare(db, 'followups', kept, 100, 1_000);
}

/** At most how many follow-ups a date filter keeps for datesKeepFew. */
const DATED_FEW = 25_000;

/**
 * Whether a list's dates done or next, on a column other than the sort's, keep at most DATED_FEW follow-ups
 * (counted on their index, up to that many). Dates done are counted with the list's maker, assignee or
 * salesperson, whose indexes lead to their dates done (followups_user_idx, …): this year's follow-ups are
 * many, one salesperson's are few.
 */
async function datesKeepFew(db: Executor, k: FollowupCriteria, sortKey: string): Promise<boolean> {
  if (walkTuning.off) return false;
  const ranges: [column: string, bounds: RawBuilder<SqlBool>[]][] = [];
  if (sortKey !== 'doneAt' && (k.doneFromUtc || k.doneBeforeUtc)) {
    const bounds: RawBuilder<SqlBool>[] = [];
    if (k.doneFromUtc) bounds.push(sql<SqlBool>`done_at >= ${k.doneFromUtc}`);
    if (k.doneBeforeUtc) bounds.push(sql<SqlBool>`done_at < ${k.doneBeforeUtc}`);
    if (k.userId !== undefined) bounds.push(sql<SqlBool>`user_id = ${k.userId}`);
    if (k.assigneeId !== undefined) bounds.push(sql<SqlBool>`assignee_id = ${k.assigneeId}`);
    if (!k.scope.all) bounds.push(sql<SqlBool>`sales_rep_id = ${k.scope.salesRepId}`);
    ranges.push(['done_at', bounds]);
  }
  if (sortKey !== 'nextAt' && (k.nextFrom || k.nextTo)) {
    const bounds: RawBuilder<SqlBool>[] = [];
    if (k.nextFrom) bounds.push(sql<SqlBool>`next_at >= ${k.nextFrom}`);
    if (k.nextTo) bounds.push(sql<SqlBool>`next_at <= ${k.nextTo}`);
    ranges.push(['next_at', bounds]);
  }
  for (const [column, dates] of ranges) {
    const bounds = [sql<SqlBool>`${sql.ref(column)} is not null`, sql<SqlBool>`deleted_at is null`, ...dates];
    if ((await countUpTo(db, 'followups', sql.join(bounds, sql` and `), DATED_FEW + 1)) <= DATED_FEW)
      return true;
  }
  return false;
}

/** How many rows of the sort's order a list may walk for a page (see windowWalksSortIndex). */
export const WALK_WINDOW = 2_000;

/**
 * The walks in use. Tests set `off` to read the same lists by the planner's own plan, for reference, and
 * `window` to see a smaller window refuse a walk.
 */
export const walkTuning = { off: false, window: WALK_WINDOW };

/**
 * The filters a walk checks on each row it reads, as conditions on the window's columns (`w.…`), and the
 * sorts their indexes already serve (a salesperson's by followups_rep_idx, dates by their own indexes, the
 * others as WALKABLE_FILTERS says).
 */
function rowChecks(k: FollowupCriteria): { served: string[]; checks: Expression<SqlBool>[] } {
  const served: string[] = [];
  const checks: Expression<SqlBool>[] = [];
  const on = (serves: readonly string[], check: Expression<SqlBool>) => {
    served.push(...serves);
    checks.push(check);
  };
  if (!k.scope.all) on(['doneAt'], sql<SqlBool>`w.sales_rep_id = ${k.scope.salesRepId}`);
  for (const f of WALKABLE_FILTERS)
    if (k[f.key] !== undefined) on(f.served, sql<SqlBool>`${sql.ref(`w.${f.column}`)} = ${k[f.key]}`);
  if (k.doneFromUtc) on(['doneAt'], sql<SqlBool>`w.done_at >= ${k.doneFromUtc}`);
  if (k.doneBeforeUtc) on(['doneAt'], sql<SqlBool>`w.done_at < ${k.doneBeforeUtc}`);
  if (k.nextFrom) on(['nextAt'], sql<SqlBool>`w.next_at >= ${k.nextFrom}`);
  if (k.nextTo) on(['nextAt'], sql<SqlBool>`w.next_at <= ${k.nextTo}`);
  return { served, checks };
}

/**
 * The tables a window is read from, in the order of a list led by `lead` (see leadOf). SQLite's CROSS JOIN
 * keeps the lead table outside whatever its statistics say (SQLite only: PostgreSQL has no CROSS JOIN … ON).
 */
const WINDOW_FROM: Partial<Record<Lead, RawBuilder<unknown>>> = {
  f: sql`followups as f`,
  o: sql`orders as o cross join followups as f on f.order_id = o.id`,
  c: sql`customers as c cross join followups as f on f.customer_id = c.id`,
  u: sql`users as u cross join followups as f on f.user_id = u.id`,
  a: sql`users as a cross join followups as f on f.assignee_id = a.id`,
};

/**
 * SQLite, a list filtered on what each row can be checked for (a salesperson's scope, channel, maker,
 * assignee, dates done or next) and sorted on a column no index of those filters serves: whether to walk the
 * sort's order and check each row, rather than read every row the filters keep and sort them (a
 * salesperson's 50,000 follow-ups at 1M: 100-300 ms a page; a year of next dates: 1.5 s).
 *
 * The next WALK_WINDOW rows of the sort's order, from the cursor on, are read first: when they hold a page
 * of rows that pass the filters, the walk will find the page within them; otherwise nothing is forced (a
 * salesperson's rows are read by their index and sorted, and SQLite plans the other filters as it sees
 * fit: a "no" does not tell how far the page is). Unlike a share counted over the whole table
 * (walksSortIndex), this holds when the kept rows are bunched in the sort's order: a newcomer's follow-ups
 * are all recent, and an ascending walk by id would cross the whole history before reaching them. Decision
 * 0418.
 *
 * When the window holds at least a quarter of a page and no dates filter the list, a window four times as
 * long is read then. (A salesperson's follow-ups on one channel, ~1 % of the sort's rows: a page within
 * ~5,000 rows, ~5 ms, where sorting the 10,000 they keep took 45-55 ms at 1M.) `inWindow`: the window's
 * count, when the caller has it already (rowsInWindow).
 */
export async function windowWalksSortIndex(
  db: Executor,
  k: FollowupCriteria,
  sortKey: string,
  lead: Lead,
  plan: { where: Expression<SqlBool> | null; orderBy: readonly Expression<unknown>[] },
  limit: number,
  inWindow?: number | null,
): Promise<boolean> {
  const counted = inWindow === undefined ? await rowsInWindow(db, k, sortKey, lead, plan) : inWindow;
  if (counted === null || counted * 4 < limit) return false;
  if (counted >= limit) return true;
  // (Not for dates: their own index reads what they keep, often few, cheaper than a long walk: a week of
  // next dates by note, page 2, 10 ms sorted against 26 ms by the longer window and its walk.)
  if (k.doneFromUtc || k.doneBeforeUtc || k.nextFrom || k.nextTo) return false;
  return ((await rowsInWindow(db, k, sortKey, lead, plan, walkTuning.window * 4)) ?? 0) >= limit;
}

/** How many of the next `size` rows of the sort's order pass the filters; null when not asked. */
async function rowsInWindow(
  db: Executor,
  k: FollowupCriteria,
  sortKey: string,
  lead: Lead,
  plan: { where: Expression<SqlBool> | null; orderBy: readonly Expression<unknown>[] },
  size = walkTuning.window,
): Promise<number | null> {
  if (walkTuning.off || k.orderId !== undefined || k.customerId !== undefined || k.current || k.q)
    return null;
  const from = WINDOW_FROM[lead];
  const { served, checks } = rowChecks(k);
  if (!from || checks.length === 0 || served.includes(sortKey)) return null;
  const window = await sql<{ n: number }>`select count(*) as n from (
      select f.sales_rep_id, f.channel, f.user_id, f.assignee_id, f.done_at, f.next_at from ${from}
      where f.deleted_at is null${plan.where ? sql` and ${plan.where}` : sql``}
      order by ${sql.join([...plan.orderBy])} limit ${sql.lit(size)}
    ) as w where ${sql.join(checks, sql` and `)}`.execute(db);
  return Number(window.rows[0]?.n);
}

/** On SQLite, bounds the orders' next date too for an overdue list, so that orders_due_idx can find them. */
function boundOverdueOrders<Q extends ReturnType<typeof filtered>>(
  q: Q,
  k: FollowupCriteria,
  dialect: Dialect,
): Q {
  if (!k.current?.before || dialect !== 'sqlite') return q;
  return q.where(sql<SqlBool>`o.next_followup_at < ${k.current.before}`) as Q;
}

/** The joined follow-ups that meet the criteria, read from the lead table. */
function filtered(
  db: Executor,
  dialect: Dialect,
  criteria: FollowupCriteria,
  search: Expression<SqlBool>[],
  lead: Lead,
  walk = false,
) {
  let q = joined(db, dialect, lead, criteria.current !== undefined);
  for (const c of conditions(dialect, criteria, search, lead, walk)) q = q.where(c);
  if (criteria.markCurrent) q = q.select(currentMark) as typeof q; // (one more column than the type says)
  return q;
}

/** Whether a row carries its open order's current next date (FollowupCriteria.markCurrent). */
const currentMark = sql<number>`case when o.is_open = 1 and o.last_followup_id = f.id then 1 else 0 end`.as(
  'isCurrent',
);

/**
 * The ids of the follow-ups that meet the criteria, as filtered() reads them but joined to `tables` only
 * (see sortedByKeys). Every follow-up has its order, customer, maker and assignee (foreign keys, not null),
 * so the joins left out remove no row.
 */
function filteredKeys(
  db: Executor,
  dialect: Dialect,
  criteria: FollowupCriteria,
  search: Expression<SqlBool>[],
  lead: Lead,
  tables: ReadonlySet<Lead>,
): Listing {
  const on = joinConditions(dialect, lead, criteria.current !== undefined);
  let q = db.selectFrom('followups as f');
  if (tables.has('o')) q = q.innerJoin('orders as o', (j) => j.on(on.o)) as typeof q;
  if (tables.has('c')) q = q.innerJoin('customers as c', (j) => j.on(on.c)) as typeof q;
  if (tables.has('u')) q = q.innerJoin('users as u', (j) => j.on(on.u)) as typeof q;
  if (tables.has('a')) q = q.innerJoin('users as a', (j) => j.on(on.a)) as typeof q;
  // (Typed as the full join: the conditions and sorts are SQL fragments on the tables named above.)
  let keys = q.select('f.id').where('f.deleted_at', 'is', null) as unknown as Listing;
  for (const c of conditions(dialect, criteria, search, lead)) keys = keys.where(c);
  return keys;
}

/** The person a name sort is on: the user who made the follow-up, or its assignee. */
interface PersonSort {
  /** The person's column on follow-ups, and the alias of their row in joined(). */
  column: 'user_id' | 'assignee_id';
  alias: 'u' | 'a';
}

const PERSON_SORTS: Record<string, PersonSort> = {
  userName: { column: 'user_id', alias: 'u' },
  assigneeName: { column: 'assignee_id', alias: 'a' },
};

/**
 * A list sorted on a person's name: by name, then person (two people may share a name), then date done and
 * id, all in the sort's direction. The people are few and each one's follow-ups are an index range in date
 * order (followups_user_idx, followups_assignee_idx), so the page is read person after person from the
 * cursor on, instead of sorting every follow-up (2.2 s at 1M on SQLite, 0.6 s on PostgreSQL):
 * 1. the rest of the cursor's person's follow-ups, after the cursor's date and id;
 * 2. then the people after them in name order, each one's follow-ups in date order.
 * When an order or a customer narrows the list to a few rows, a due filter to the open orders' current
 * follow-ups, or a maker or an assignee to one person's share (whose follow-ups mostly go with that person,
 * so that the people before them in name order would be read for nothing), these are read by that filter
 * and sorted (their ids first: sortedByKeys on SQLite, keptByPerson on PostgreSQL). A salesperson's scope
 * is checked on each row of the people's walk when its next rows hold a page (SQLite,
 * windowWalksSortIndex), else their rows are read by its index and sorted too. A manager's filters (channel,
 * dates) are checked on the walk's rows likewise; else SQLite plans the list, its kept ids sorted first when
 * it sorts (sortedByKeys).
 * The cursor stays (name, id): the person and date are those of the cursor's follow-up.
 */
async function listByPerson(
  db: Executor,
  dialect: Dialect,
  criteria: FollowupCriteria,
  search: Expression<SqlBool>[],
  person: PersonSort,
  desc: boolean,
  cursor: Cursor | null,
  limit: number,
): Promise<ListedFollowup[]> {
  const dir = desc ? sql`desc` : sql`asc`;
  const past = desc ? sql`<` : sql`>`;
  const name = sql.ref(`${person.alias}.name`);
  const personId = sql.ref(`${person.alias}.id`);
  const position = cursor ? await cursorPosition(db, person, cursor) : null;
  const order = [sql`${name} ${dir}`, sql`${personId} ${dir}`, sql`f.done_at ${dir}`, sql`f.id ${dir}`];

  const after = position
    ? sql<SqlBool>`(${name}, ${personId}, f.done_at, f.id) ${past} (${position.name}, ${position.personId}, ${position.doneAt}, ${position.id})`
    : null;
  const narrowed =
    criteria.orderId !== undefined ||
    criteria.customerId !== undefined ||
    criteria.userId !== undefined ||
    criteria.assigneeId !== undefined ||
    criteria.current !== undefined;
  // SQLite: a salesperson's scope, a channel or dates are checked on each row of the people's walk when the
  // walk's next rows hold a page of them (windowWalksSortIndex); else a salesperson's rows are read by their
  // index and sorted, and SQLite weighs a channel's or the dates' indexes against the walk.
  const walk =
    !narrowed &&
    dialect === 'sqlite' &&
    !criteria.q &&
    (await windowWalksSortIndex(db, criteria, '', person.alias, { where: after, orderBy: order }, limit));
  if (narrowed || (!criteria.scope.all && !walk)) {
    const lead = criteria.current ? 'o' : 'f';
    // (Not for a search or a due list: PostgreSQL's own plans for the text's candidates or the open orders'
    // current follow-ups were faster, 111 against 138 ms and 31 against 49 ms.)
    if (dialect === 'postgres' && !criteria.q && !criteria.current && !keysTuning.off)
      return keptByPerson(db, criteria, search, person, desc, position, limit);
    const page = (from: Listing): Listing => {
      let q = boundOverdueOrders(from, criteria, dialect);
      if (after) q = q.where(after);
      for (const o of order) q = q.orderBy(o);
      return q.limit(limit);
    };
    const tables = tablesOf(criteria, [`${person.alias}.name`], lead);
    return sortedByKeys(db, dialect, criteria, search, lead, tables, page, order, limit);
  }

  const rows: ListedFollowup[] = [];
  if (position) {
    // 1. The cursor's person: an index range of their follow-ups after the cursor.
    let q = filtered(db, dialect, criteria, search, 'f')
      .where(sql.ref(`f.${person.column}`), '=', position.personId)
      .where(
        sql<SqlBool>`f.done_at ${desc ? sql`<=` : sql`>=`} ${position.doneAt} and (f.done_at, f.id) ${past} (${position.doneAt}, ${position.id})`,
      );
    q = q.orderBy(sql`f.done_at ${dir}`).orderBy(sql`f.id ${dir}`);
    rows.push(...((await q.limit(limit).execute()) as ListedFollowup[]));
    if (rows.length >= limit) return rows;
  }
  // 2. The people after the cursor's, in name order.
  const rest = limit - rows.length;
  const peopleAfterCursor = (people: string) =>
    position
      ? sql<SqlBool>`(${sql.ref(`${people}.name`)}, ${sql.ref(`${people}.id`)}) ${past} (${position.name}, ${position.personId})`
      : sql<SqlBool>`true`;
  if (dialect === 'postgres') {
    // Each person's first follow-ups (at most a page) by a lateral index scan, then the page among them:
    // PostgreSQL would otherwise sort each person's follow-ups before keeping the first. (A walk: each
    // person's rows are read in order, their next dates checked; see conditions.)
    const inner = filtered(db, dialect, criteria, search, 'f', true)
      .where(sql<SqlBool>`${sql.ref(`f.${person.column}`)} = p.id`)
      .orderBy(sql`f.done_at ${dir}`)
      .orderBy(sql`f.id ${dir}`)
      .limit(rest);
    const q = sql<ListedFollowup>`select x.* from users as p cross join lateral (${inner}) as x where ${peopleAfterCursor('p')}
      order by p.name ${dir}, p.id ${dir}, x."doneAt" ${dir}, x.id ${dir} limit ${sql.lit(rest)}`;
    rows.push(...(await q.execute(db)).rows);
    return rows;
  }
  // SQLite: the people in name order (users_name_idx), each one's follow-ups by their index, which together
  // give the page's order: SQLite stops when the page is full. When the window found no page, SQLite plans
  // the list, and when its plan sorts every row the filters keep, their ids are sorted first (sortedByKeys):
  // with one join, SQLite weighs the people's walk again. Next dates up to a year ago by a person's name,
  // descending: the whole join read the 400,000 rows by their date's index and sorted them, 1.3-1.6 s at 1M;
  // the ids' query walks the people (each one's newest follow-ups first, checked one by one): 24 ms.
  const page = (from: Listing): Listing => {
    let q = from.where(peopleAfterCursor(person.alias));
    for (const o of order) q = q.orderBy(o);
    return q.limit(rest);
  };
  const tables = tablesOf(criteria, [`${person.alias}.name`], person.alias);
  const listed = walk
    ? await page(filtered(db, dialect, criteria, search, person.alias, true)).execute()
    : await sortedByKeys(db, dialect, criteria, search, person.alias, tables, page, order, rest);
  rows.push(...(listed as ListedFollowup[]));
  return rows;
}

/**
 * PostgreSQL, a name-sorted list narrowed by a filter or a salesperson's scope (not a due list, whose joins
 * differ; see listByPerson): the rows the filters keep are read first (their id, person and date), then the
 * page is sorted among them by the people's names, and its rows joined to the rest. Left to itself, PostgreSQL walked the people in name order and each one's
 * follow-ups by their index, testing the filter on each: for a salesperson's list, every other person's
 * follow-ups were read for none of theirs (0.6-1.1 s at 1M; 50-100 ms now). The CTE is MATERIALIZED so
 * that the planner reads it as written. Decision 0419.
 */
async function keptByPerson(
  db: Executor,
  criteria: FollowupCriteria,
  search: Expression<SqlBool>[],
  person: PersonSort,
  desc: boolean,
  position: Awaited<ReturnType<typeof cursorPosition>> | null,
  limit: number,
): Promise<ListedFollowup[]> {
  keysTuning.sorted++;
  const dir = desc ? sql`desc` : sql`asc`;
  // (The person's name is joined inside: joined outside, PostgreSQL walked the people in name order again and
  // scanned the kept rows once per person.)
  const kept = filteredKeys(db, 'postgres', criteria, search, 'f', tablesOf(criteria, [], 'f'))
    .innerJoin('users as p', 'p.id', `f.${person.column}`)
    .clearSelect()
    .select(['f.id', 'p.name', 'p.id as person_id', 'f.done_at']);
  const after = position
    ? sql<SqlBool>`(k.name, k.person_id, k.done_at, k.id) ${desc ? sql`<` : sql`>`} (${position.name}, ${position.personId}, ${position.doneAt}, ${position.id})`
    : sql<SqlBool>`true`;
  const ids = sql`with k as materialized (${kept}) select k.id from k where ${after}
    order by k.name ${dir}, k.person_id ${dir}, k.done_at ${dir}, k.id ${dir} limit ${sql.lit(limit)}`;
  const name = sql.ref(`${person.alias}.name`);
  const personId = sql.ref(`${person.alias}.id`);
  let q = joined(db, 'postgres', 'f').where(sql<SqlBool>`f.id in (${ids})`);
  if (criteria.markCurrent) q = q.select(currentMark) as typeof q;
  for (const o of [name, personId, sql.ref('f.done_at'), sql.ref('f.id')]) q = q.orderBy(sql`${o} ${dir}`);
  return (await q.limit(limit).execute()) as ListedFollowup[];
}

/** Where a name-sorted page starts: the cursor's name and id, with its follow-up's person and date. */
async function cursorPosition(
  db: Executor,
  person: PersonSort,
  cursor: Cursor,
): Promise<{ name: string; personId: number; doneAt: string; id: number }> {
  const row = await db
    .selectFrom('followups')
    .select([`${person.column} as personId`, 'done_at as doneAt'])
    .where('id', '=', cursor.id)
    .executeTakeFirst();
  if (!row || typeof cursor.value !== 'string') throw invalidCursor();
  return { name: cursor.value, personId: Number(row.personId), doneAt: row.doneAt, id: cursor.id };
}

const followupById = compiledOnce((db, p: { id: number }) => joined(db).where('f.id', '=', p.id));
const repFollowupById = compiledOnce((db, p: { id: number; salesRepId: number }) =>
  joined(db).where('f.id', '=', p.id).where('c.sales_rep_id', '=', p.salesRepId),
);

/** Compiled once (src/db/compiled-once.ts): every recorded follow-up is read back for its answer. */
export async function findFollowup(
  db: Executor,
  id: number,
  scope: CustomerScope,
): Promise<Followup | undefined> {
  const rows = scope.all
    ? await followupById(db, { id })
    : await repFollowupById(db, { id, salesRepId: scope.salesRepId });
  return rows[0] as Followup | undefined;
}

/** The columns a recorded follow-up is given; the others keep their defaults. */
export type NewFollowup = Required<
  Pick<
    NewFollowupRow,
    | 'order_id'
    | 'customer_id'
    | 'user_id'
    | 'channel'
    | 'outcome'
    | 'note'
    | 'done_at'
    | 'next_at'
    | 'assignee_id'
    | 'created_at'
    | 'updated_at'
  >
>;

const insertOne = compiledOnce((db, p: NewFollowup) =>
  db
    .insertInto('followups')
    .values({
      order_id: p.order_id,
      customer_id: p.customer_id,
      user_id: p.user_id,
      channel: p.channel,
      outcome: p.outcome,
      note: p.note,
      done_at: p.done_at,
      next_at: p.next_at,
      assignee_id: p.assignee_id,
      created_at: p.created_at,
      updated_at: p.updated_at,
    })
    .returning('id'),
);

/** Compiled once (src/db/compiled-once.ts). */
export async function insertFollowup(db: Executor, row: NewFollowup): Promise<number> {
  const [r] = await insertOne(db, row);
  if (!r) throw new Error('the follow-up was not inserted');
  return r.id;
}

export async function updateFollowup(db: Executor, id: number, patch: FollowupUpdate): Promise<void> {
  await db.updateTable('followups').set(patch).where('id', '=', id).execute();
}

/**
 * Recomputes the orders' follow-up summaries from their live follow-ups, in the writer's transaction: the
 * latest one (greatest done_at, then id) gives next_followup_at and next_assignee_id, with the live count.
 * One statement per chunk of 500 orders, rather than reading the latest follow-up and the count and then
 * writing: on PostgreSQL each statement is a round trip, and each round trip costs the server a system call.
 */
export async function refreshOrderSummaries(db: Executor, orderIds: number[]): Promise<void> {
  if (orderIds.length === 1) {
    await refreshOneSummary(db, { id: orderIds[0] as number });
    return;
  }
  for (let i = 0; i < orderIds.length; i += 500)
    await db
      .updateTable('orders')
      .set(orderSummary())
      .where('id', 'in', orderIds.slice(i, i + 500))
      .execute();
}

/** The order of a recorded follow-up: compiled once (src/db/compiled-once.ts). */
const refreshOneSummary = compiledOnce((db, p: { id: number }) =>
  db.updateTable('orders').set(orderSummary()).where('id', '=', p.id),
);

function orderSummary() {
  const latest = <T>(column: string) =>
    sql<T>`(select ${sql.ref(`lf.${column}`)} from followups lf where lf.order_id = orders.id and lf.deleted_at is null order by lf.done_at desc, lf.id desc limit 1)`;
  return {
    last_followup_id: latest<number | null>('id'),
    last_followup_at: latest<string | null>('done_at'),
    next_followup_at: latest<string | null>('next_at'),
    next_assignee_id: latest<number | null>('assignee_id'),
    followup_count: sql<number>`(select count(*) from followups cf where cf.order_id = orders.id and cf.deleted_at is null)`,
  };
}
