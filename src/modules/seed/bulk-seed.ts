// `relance seed --customers N --orders N --followups N`: bulk synthetic data for benchmarks.
// Rows are generated with explicit ids and each order's follow-up summary computed up front, then written in
// bulk: on SQLite through prepared multi-row inserts on the database's own connection (out of WAL when it
// can), with the secondary indexes and the derived-data triggers set aside and rebuilt once at the end; on
// PostgreSQL as column arrays (unnest), with the same indexes rebuilt and the user triggers off, all in one
// transaction.
// See docs/decisions/0401-bulk-seed.md.

import type SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { DateTime } from 'luxon';
import { hashPassword } from '../../auth/passwords.ts';
import type { Core } from '../../core.ts';
import type { Executor } from '../../db/database.ts';
import { analyzeSqlite } from '../../db/migrator.ts';
import type { DatabaseSchema } from '../../db/schema/database-schema.ts';
import type { OrderStatus } from '../../db/schema/orders.table.ts';
import { AppError } from '../../shared/errors.ts';
import { foldName } from '../../shared/name-fold.ts';
import { CHANNELS, OUTCOMES } from '../followups/followup.schemas.ts';
import { indexAllPendingNotes } from '../followups/followup-note-indexer.ts';
import { COMPANY_NAMES, COMPANY_PREFIXES, COMPANY_SUFFIXES, NOTES, TOWNS } from './french-data.ts';
import { Random } from './random.ts';

export const BULK_PASSWORD = 'bench-relance';

export interface BulkOptions {
  customers: number;
  orders: number;
  followups: number;
  users: number;
  progress?: (line: string) => void;
}

export interface BulkResult {
  customers: number;
  orders: number;
  followups: number;
  ms: number;
  /** Milliseconds per phase (generate, insert, indexes, derived, analyze), for the benchmark's report. */
  phases: Record<string, number>;
}

/** Below this many rows, indexes and triggers stay in place: setting them aside costs more than it saves. */
const SET_ASIDE_FROM = 50_000;

const STATUS_WEIGHTS: [OrderStatus, number][] = [
  ['draft', 0.1],
  ['validated', 0.35],
  ['in_progress', 0.2],
  ['delivered', 0.3],
  ['cancelled', 0.05],
];

const CUSTOMER_COLUMNS = [
  'id',
  'code',
  'name',
  'name_folded',
  'kind',
  'email',
  'phone',
  'town',
  'country',
  'sales_rep_id',
  'created_at',
  'updated_at',
] as const;
const ORDER_COLUMNS = [
  'id',
  'ref',
  'customer_id',
  'status',
  'order_date',
  'delivery_date',
  'total_excl_tax',
  'currency',
  'is_open',
  'next_followup_at',
  'next_assignee_id',
  'last_followup_id',
  'last_followup_at',
  'followup_count',
  'created_at',
  'updated_at',
] as const;
const FOLLOWUP_COLUMNS = [
  'id',
  'order_id',
  'customer_id',
  'user_id',
  'channel',
  'outcome',
  'note',
  'done_at',
  'next_at',
  'assignee_id',
  'sales_rep_id',
  'created_at',
  'updated_at',
] as const;

type Value = string | number | null;
type Row = Value[];

/** Generated rows, as arrays in the column orders above. */
interface Generated {
  customers: Row[];
  orders: Row[];
  followups: Row[];
}

interface Start {
  customer: number;
  order: number;
  followup: number;
  /** Existing customers to attach orders to when no new ones are made. */
  existingCustomers: number;
}

const DAY = 86_400_000;

/** Where generated rows go, one at a time (an order comes right after its follow-ups). */
export interface BulkSink {
  customer(row: Row): void;
  order(row: Row): void;
  followup(row: Row): void;
}

/** The synthetic data set, deterministic for a given start and clock, streamed into a sink. */
export function generateBulk(
  o: BulkOptions,
  start: Start,
  salesIds: number[],
  now: Date,
  zone: string,
  sink: BulkSink,
): void {
  const rnd = new Random(42);
  const at = now.toISOString();
  const nowMs = now.getTime();
  const local = DateTime.fromJSDate(now).setZone(zone);
  const offsetMs = local.offset * 60_000;
  const todayStartMs = local.startOf('day').toMillis();
  // Local calendar day of an instant (the zone's current offset: good enough for synthetic dates).
  const days = new Map<number, string>();
  const dayOf = (ms: number) => {
    const n = Math.floor((ms + offsetMs) / DAY);
    let d = days.get(n);
    if (d === undefined) {
      d = new Date(n * DAY).toISOString().slice(0, 10);
      days.set(n, d);
    }
    return d;
  };

  const repOf: number[] = [];
  for (let i = 0; i < o.customers; i++) {
    const id = start.customer + i;
    const rep = salesIds[i % salesIds.length] as number;
    repOf.push(rep);
    const name = `${rnd.pick(COMPANY_PREFIXES)} ${rnd.pick(COMPANY_NAMES)} ${rnd.pick(COMPANY_SUFFIXES)} ${id}`;
    sink.customer([
      id,
      `BK${id}`,
      name,
      foldName(name),
      i % 5 === 0 ? 'prospect' : 'customer',
      null,
      null,
      rnd.pick(TOWNS),
      'FR',
      rep,
      at,
      at,
    ]);
  }
  const customerCount = o.customers || start.existingCustomers;
  const customerBase = o.customers ? start.customer : 1;

  let nextFollowupId = start.followup;
  // First the orders: customer, age, status and how long they are chased (two weeks to four months after
  // being placed, never beyond today), which weighs their share of the follow-ups. Then the follow-ups,
  // shared out in proportion: a week of the two years holds about as many as any other.
  interface Plan {
    customerId: number;
    daysAgo: number;
    status: OrderStatus;
    span: number;
    weight: number;
  }
  const plans: Plan[] = [];
  let totalWeight = 0;
  for (let i = 0; i < o.orders; i++) {
    const customerId = customerBase + rnd.int(0, customerCount - 1);
    const daysAgo = rnd.int(1, 730);
    // Most orders older than four months are closed; the recent ones are spread over every status.
    let status: OrderStatus = 'validated';
    if (daysAgo > 120 && rnd.chance(0.9)) status = rnd.chance(0.85) ? 'delivered' : 'cancelled';
    else {
      let r = rnd.next();
      for (const [s, w] of STATUS_WEIGHTS) {
        if (r < w) {
          status = s;
          break;
        }
        r -= w;
      }
    }
    const span = Math.min(daysAgo, rnd.int(14, 120));
    const weight = span * rnd.next();
    totalWeight += weight;
    plans.push({ customerId, daysAgo, status, span, weight });
  }
  const counts = plans.map((p) => (totalWeight > 0 ? Math.floor((o.followups * p.weight) / totalWeight) : 0));
  let rest = o.followups - counts.reduce((x, y) => x + y, 0);
  for (let i = 0; rest > 0 && counts.length > 0; i = (i + 1) % counts.length, rest--)
    counts[i] = (counts[i] ?? 0) + 1;

  for (let i = 0; i < o.orders; i++) {
    const id = start.order + i;
    const { customerId, daysAgo, status, span } = plans[i] as Plan;
    const rep = repOf[customerId - customerBase] ?? (salesIds[customerId % salesIds.length] as number);
    const orderDayMs = todayStartMs - daysAgo * DAY;
    const n = counts[i] ?? 0;
    let latest: Row | null = null;
    for (let k = 0; k < n; k++) {
      const offsetDays = Math.floor(((k + rnd.next()) * span) / n);
      const doneMs = Math.min(orderDayMs + offsetDays * DAY + rnd.int(480, 1080) * 60_000, nowMs);
      const nextAt = rnd.chance(0.8) ? dayOf(doneMs + rnd.int(1, 30) * DAY) : null;
      const f: Row = [
        nextFollowupId++,
        id,
        customerId,
        rep,
        rnd.pick(CHANNELS),
        rnd.chance(0.6) ? rnd.pick(OUTCOMES) : null,
        `${rnd.pick(NOTES)} (${id}-${k})`,
        new Date(doneMs).toISOString(),
        nextAt,
        rep,
        rep,
        at,
        at,
      ];
      sink.followup(f);
      latest = f;
    }
    sink.order([
      id,
      `BK${String(id).padStart(7, '0')}`,
      customerId,
      status,
      dayOf(orderDayMs),
      dayOf(orderDayMs + rnd.int(7, 60) * DAY),
      (rnd.int(5_000, 5_000_000) / 100).toFixed(2),
      'EUR',
      status === 'delivered' || status === 'cancelled' ? 0 : 1,
      latest ? (latest[8] ?? null) : null,
      latest ? rep : null,
      latest ? (latest[0] ?? null) : null,
      latest ? (latest[7] ?? null) : null,
      n,
      at,
      at,
    ]);
  }
}

/** Every generated row in memory, for the loaders that need whole lists. */
function collect(generate: (sink: BulkSink) => void): Generated {
  const rows: Generated = { customers: [], orders: [], followups: [] };
  generate({
    customer: (r) => rows.customers.push(r),
    order: (r) => rows.orders.push(r),
    followup: (r) => rows.followups.push(r),
  });
  return rows;
}

async function maxId(db: Executor, table: 'users' | 'customers' | 'orders' | 'followups'): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** One manager and N sales reps, all with BULK_PASSWORD; returns the sales reps' ids. */
async function insertUsers(db: Executor, count: number, at: string): Promise<number[]> {
  const passwordHash = await hashPassword(BULK_PASSWORD);
  let userId = await maxId(db, 'users');
  const runTag = `${userId + 1}`;
  const salesIds: number[] = [];
  const users = [];
  for (let i = 0; i <= count; i++) {
    userId++;
    const isManager = i === 0;
    if (!isManager) salesIds.push(userId);
    users.push({
      id: userId,
      login: isManager ? `bench.manager.${runTag}` : `bench.sales${i}.${runTag}`,
      name: isManager ? `Manager ${runTag}` : `Commercial ${i} (${runTag})`,
      email: null,
      role: isManager ? ('manager' as const) : ('sales' as const),
      locale: 'fr' as const,
      active: 1,
      password_hash: passwordHash,
      calendar_secret: null,
      digest_opt_in: 0,
      created_at: at,
      updated_at: at,
    });
  }
  await db.insertInto('users').values(users).execute();
  if (salesIds.length === 0) salesIds.push(userId);
  return salesIds;
}

export async function seedBulk(core: Core, o: BulkOptions): Promise<BulkResult> {
  const started = Date.now();
  const log = o.progress ?? (() => {});
  const { db, dialect } = core.database;
  const existingCustomers = await maxId(db, 'customers');
  if (o.orders > 0 && o.customers === 0 && existingCustomers === 0)
    throw new AppError('unprocessable', 'Orders need customers: give --customers too');
  if (o.followups > 0 && o.orders === 0)
    throw new AppError('unprocessable', 'Follow-ups need orders: give --orders too');
  const now = core.clock.now();
  const phases: Record<string, number> = {};
  let mark = Date.now();
  const phase = (name: string) => {
    const t = Date.now();
    phases[name] = (phases[name] ?? 0) + (t - mark);
    mark = t;
    log(`${name}: ${((t - started) / 1000).toFixed(1)} s`);
  };

  const salesIds = await insertUsers(db, o.users, now.toISOString());
  const start: Start = {
    customer: existingCustomers + 1,
    order: (await maxId(db, 'orders')) + 1,
    followup: (await maxId(db, 'followups')) + 1,
    existingCustomers,
  };
  const generate = (sink: BulkSink) => generateBulk(o, start, salesIds, now, core.clock.zone, sink);
  const large = o.followups + o.orders + o.customers >= SET_ASIDE_FROM;
  const connection = core.database.sqlite;
  if (dialect === 'sqlite' && connection && core.database.sqliteFile && large) {
    loadSqliteFile(connection, generate, start, phase);
  } else {
    const rows = collect(generate);
    phase('generate');
    if (dialect === 'postgres') await loadPostgres(db, rows, start, large, phase);
    else {
      await loadSmall(db, rows);
      // (The triggers queued the notes for the search index: index them now, not when a server starts.)
      await indexAllPendingNotes(core);
    }
    phase('load');
    if (dialect === 'postgres') {
      // (The counters too: the dashboard reads them by index-only scans, which want a fresh visibility map.)
      for (const t of [
        'customers',
        'orders',
        'followups',
        'followup_hour_counts',
        'followup_day_counts',
        'order_due_counts',
        'order_due_totals',
      ])
        await sql`vacuum (analyze) ${sql.table(t)}`.execute(db);
    } else await analyzeSqlite(db);
    phase('analyze');
  }
  return {
    customers: o.customers,
    orders: o.orders,
    followups: o.followups,
    ms: Date.now() - started,
    phases,
  };
}

/** Small loads: plain multi-row inserts through Kysely, every index and trigger in place. */
async function loadSmall(db: Kysely<DatabaseSchema>, rows: Generated): Promise<void> {
  const asObjects = (cols: readonly string[], list: Row[]) =>
    list.map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i]])));
  await db.transaction().execute(async (tx) => {
    const put = async (table: 'customers' | 'orders' | 'followups', cols: readonly string[], list: Row[]) => {
      const size = Math.floor(30_000 / cols.length);
      for (let i = 0; i < list.length; i += size) {
        // biome-ignore lint/suspicious/noExplicitAny: rows are built column by column from the lists above
        const rows = asObjects(cols, list.slice(i, i + size)) as any;
        await tx.insertInto(table).values(rows).execute();
      }
    };
    await put('customers', CUSTOMER_COLUMNS, rows.customers);
    await put('orders', ORDER_COLUMNS, rows.orders);
    await put('followups', FOLLOWUP_COLUMNS, rows.followups);
  });
}

/** The due totals per assignee, from the day counters (which the bulk loads fill without triggers). */
const RECOUNT_DUE_TOTALS = [
  'delete from order_due_totals',
  `insert into order_due_totals (assignee_id, n)
    select assignee_id, sum(n) from order_due_counts group by assignee_id having sum(n) <> 0`,
];

/** The day counters, from the hour counters (a day's count is the sum of its hours'); `dayOfHour` in SQL. */
const recountDays = (dayOfHour: string) => [
  'delete from followup_day_counts',
  `insert into followup_day_counts (user_id, channel, day, n)
    select user_id, channel, ${dayOfHour}, sum(n) from followup_hour_counts
    group by user_id, channel, ${dayOfHour} having sum(n) <> 0`,
];

/** Whether the current schema has this table (a seed may run on a database migrated before it). */
async function pgHasTable(db: Executor, table: string): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*) as n from pg_tables
    where tablename = ${table} and schemaname = current_schema()`.execute(db);
  return Number(r.rows[0]?.n) > 0;
}

/** Triggers that only maintain derived data, rebuilt in bulk after the load (see the migration). */
const DERIVED_TRIGGER =
  /^(followups_rep_|customers_rep_|followups_fts_|orders_fts_|customers_fts_|orders_due_|followups_hours_|followups_days_)/;

/** The connection's settings the load changes, as `pragma` statements that set them back. */
const LOAD_SETTINGS = ['busy_timeout', 'cache_size', 'synchronous', 'foreign_keys', 'threads'] as const;

/** A pragma's answer, or null when SQLite refuses it (SQLITE_BUSY: another connection has the file). */
function tryPragma(raw: SQLite.Database, pragma: string): unknown {
  try {
    return raw.pragma(pragma, { simple: true });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'SQLITE_BUSY') return null;
    throw err;
  }
}

/**
 * Loads through the database's own connection (synchronously: nothing else runs on it meanwhile). When it
 * is the file's only connection, the load leaves WAL for a rollback journal: in WAL every page was written
 * twice, to the log at the commit and to the file at the checkpoint, ~5 s of a 1M load (37 → 32-33 s, by
 * hand in turns). With another connection open (a server on the same file), it stays in WAL.
 */
function loadSqliteFile(
  raw: SQLite.Database,
  generate: (sink: BulkSink) => void,
  start: Start,
  phase: (name: string) => void,
): void {
  const before = LOAD_SETTINGS.map((name) => `${name} = ${Number(raw.pragma(name, { simple: true }))}`);
  let leftWal = false;
  try {
    // Out of WAL, asked without waiting: SQLite refuses while other connections have the file.
    raw.pragma('busy_timeout = 0');
    leftWal =
      raw.pragma('journal_mode', { simple: true }) === 'wal' &&
      tryPragma(raw, 'journal_mode = DELETE') === 'delete';
    raw.pragma('busy_timeout = 10000');
    raw.pragma('cache_size = -524288');
    raw.pragma('synchronous = OFF');
    raw.pragma('foreign_keys = OFF');
    // Helper threads for the sorts of CREATE INDEX, when the machine has cores to spare.
    raw.pragma('threads = 4');
    const tables = ['customers', 'orders', 'followups'];
    const inTables = `tbl_name in (${tables.map((t) => `'${t}'`).join(', ')})`;
    const indexes = raw
      .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and ${inTables}`)
      .all() as { name: string; sql: string }[];
    const triggers = (
      raw.prepare(`select name, sql from sqlite_master where type = 'trigger' and ${inTables}`).all() as {
        name: string;
        sql: string;
      }[]
    ).filter((t) => DERIVED_TRIGGER.test(t.name));
    const has = (name: string) =>
      raw.prepare('select 1 from sqlite_master where name = ?').get(name) !== undefined;

    raw.exec('begin immediate');
    try {
      for (const i of indexes) raw.exec(`drop index "${i.name}"`);
      for (const t of triggers) raw.exec(`drop trigger "${t.name}"`);
      const customers = new BatchInsert(raw, 'customers', CUSTOMER_COLUMNS);
      const orders = new BatchInsert(raw, 'orders', ORDER_COLUMNS);
      const followups = new BatchInsert(raw, 'followups', FOLLOWUP_COLUMNS);
      const hours = new HourCounter();
      generate({
        customer: (r) => customers.add(r),
        order: (r) => orders.add(r),
        followup: (r) => {
          followups.add(r);
          hours.add(r);
        },
      });
      for (const b of [customers, orders, followups]) b.finish();
      phase('generate and insert');
      for (const i of indexes) raw.exec(i.sql);
      phase('indexes');
      // What the derived-data triggers would have done, for the new rows only. (FTS5's default 1 MB
      // pending-terms buffer is kept: a 256 MB one built the index 40 % faster, but as one segment that
      // every later write then paid to merge into, 6-8 ms per recorded follow-up instead of ~1.5.)
      if (has('followups_fts'))
        raw
          .prepare('insert into followups_fts (rowid, note) select id, note from followups where id >= ?')
          .run(start.followup);
      if (has('orders_fts'))
        raw
          .prepare(
            'insert into orders_fts (rowid, ref, customer_ref) select id, ref, customer_ref from orders where id >= ?',
          )
          .run(start.order);
      if (has('customers_fts'))
        raw
          .prepare(
            'insert into customers_fts (rowid, name, code, town) select id, name, code, town from customers where id >= ?',
          )
          .run(start.customer);
      if (has('order_due_counts'))
        raw
          .prepare(
            `insert into order_due_counts (assignee_id, day, n)
             select a, next_followup_at, count(*) from (
               select coalesce(next_assignee_id, -1) as a, next_followup_at from orders
                 where id >= @first and is_open = 1 and next_followup_at is not null
               union all select 0, next_followup_at from orders
                 where id >= @first and is_open = 1 and next_followup_at is not null
             ) where true group by a, next_followup_at
             on conflict (assignee_id, day) do update set n = n + excluded.n`,
          )
          .run({ first: start.order });
      if (has('order_due_totals')) for (const q of RECOUNT_DUE_TOTALS) raw.exec(q);
      if (has('followup_hour_counts')) {
        // Counted as the rows went by: grouping 2M rows in SQL sorted them all, ~3.8 s at 1M follow-ups.
        const counters = new BatchInsert(
          raw,
          'followup_hour_counts',
          ['user_id', 'channel', 'hour', 'n'],
          'on conflict (user_id, hour, channel) do update set n = n + excluded.n',
        );
        for (const row of hours.rows()) counters.add(row);
        counters.finish();
      }
      if (has('followup_day_counts')) for (const q of recountDays('substr(hour, 1, 10)')) raw.exec(q);
      for (const t of triggers) raw.exec(t.sql);
      phase('derived');
      // Statistics from the first 100,000 entries of each index: enough to see that a user or a channel
      // has tens of thousands of follow-ups (a limit of 2,000, the migrator's once, saw one user, and the
      // planner believed users had a thousand), at a tenth of the time of a full ANALYZE.
      raw.pragma('analysis_limit = 100000'); // (as analyzeSqlite: no stat4 samples, see there)
      raw.exec('analyze');
      phase('analyze');
      raw.exec('commit');
      phase('commit');
    } catch (err) {
      if (raw.inTransaction) raw.exec('rollback');
      throw err;
    }
  } finally {
    for (const setting of before) raw.pragma(setting);
    // (Should another process have opened the file since, it stays in a rollback journal until the next
    // openDatabase, which asks for WAL again.)
    if (leftWal) tryPragma(raw, 'journal_mode = WAL');
  }
}

const USER = FOLLOWUP_COLUMNS.indexOf('user_id');
const CHANNEL = FOLLOWUP_COLUMNS.indexOf('channel');
const DONE_AT = FOLLOWUP_COLUMNS.indexOf('done_at');

/**
 * Generated follow-ups per user (0: the team), channel and UTC hour, as followup_hour_counts keeps them
 * (generated follow-ups are live). Keyed by a number, ((user × 2^20 + hour since 1970) × 8 + channel), so
 * that the rows come out in the table's key order (user, hour, channel) by sorting the keys.
 */
class HourCounter {
  private readonly counts = new Map<number, number>();

  add(row: Row): void {
    const hour = Math.floor(Date.parse(row[DONE_AT] as string) / 3_600_000);
    const channel = CHANNELS.indexOf(row[CHANNEL] as (typeof CHANNELS)[number]);
    this.count(((row[USER] as number) * 2 ** 20 + hour) * 8 + channel);
    this.count(hour * 8 + channel);
  }

  private count(key: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  *rows(): Generator<Row> {
    const keys = Float64Array.from(this.counts.keys()).sort();
    for (const key of keys) {
      const channel = key % 8;
      const userHour = (key - channel) / 8;
      const hour = userHour % 2 ** 20;
      yield [
        (userHour - hour) / 2 ** 20,
        CHANNELS[channel] as string,
        new Date(hour * 3_600_000).toISOString(),
        this.counts.get(key) as number,
      ];
    }
  }
}

/** Rows into a table through a prepared multi-row INSERT, as they come (one for the remainder). */
class BatchInsert {
  private readonly perStatement: number;
  private readonly full: SQLite.Statement;
  private values: Value[] = [];
  private rows = 0;

  constructor(
    private readonly raw: SQLite.Database,
    private readonly table: string,
    private readonly cols: readonly string[],
    private readonly onConflict = '',
  ) {
    this.perStatement = Math.max(1, Math.floor(32_000 / cols.length / 10) * 10);
    this.full = this.statement(this.perStatement);
  }

  private statement(n: number): SQLite.Statement {
    const one = `(${this.cols.map(() => '?').join(',')})`;
    return this.raw.prepare(
      `insert into ${this.table} (${this.cols.join(', ')}) values ${Array(n).fill(one).join(',')} ${this.onConflict}`,
    );
  }

  add(row: Row): void {
    for (const v of row) this.values.push(v);
    if (++this.rows === this.perStatement) {
      this.full.run(this.values);
      this.values = [];
      this.rows = 0;
    }
  }

  finish(): void {
    if (this.rows > 0) this.statement(this.rows).run(this.values);
    this.values = [];
    this.rows = 0;
  }
}

async function loadPostgres(
  db: Kysely<DatabaseSchema>,
  rows: Generated,
  start: Start,
  large: boolean,
  phase: (name: string) => void,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const tables = ['customers', 'orders', 'followups'];
    // Indexes not backing a constraint, and their definitions, in the current schema.
    const indexes = large
      ? (
          await sql<{ name: string; def: string }>`
            select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
            from pg_index i
            where i.indrelid in (${sql.join(tables.map((t) => sql`${t}::regclass`))})
              and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(tx)
        ).rows
      : [];
    await sql`set local maintenance_work_mem = '512MB'`.execute(tx);
    for (const t of tables) await sql`alter table ${sql.table(t)} disable trigger user`.execute(tx);
    for (const i of indexes) await sql.raw(`drop index ${i.name}`).execute(tx);

    await insertArrays(tx, 'customers', CUSTOMER_COLUMNS, rows.customers, {
      id: 'int',
      sales_rep_id: 'int',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
    });
    await insertArrays(tx, 'orders', ORDER_COLUMNS, rows.orders, {
      id: 'int',
      customer_id: 'int',
      order_date: 'date',
      delivery_date: 'date',
      total_excl_tax: 'numeric',
      is_open: 'int',
      next_followup_at: 'date',
      next_assignee_id: 'int',
      last_followup_id: 'int',
      last_followup_at: 'timestamptz',
      followup_count: 'int',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
    });
    await insertArrays(tx, 'followups', FOLLOWUP_COLUMNS, rows.followups, {
      id: 'int',
      order_id: 'int',
      customer_id: 'int',
      user_id: 'int',
      done_at: 'timestamptz',
      next_at: 'date',
      assignee_id: 'int',
      sales_rep_id: 'int',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
    });
    phase('insert');
    for (const i of indexes) await sql.raw(i.def).execute(tx);
    phase('indexes');
    // What the user triggers would have done: the due counters (the sales rep copy is written directly).
    if (await pgHasTable(tx, 'order_due_counts'))
      await sql`insert into order_due_counts as c (assignee_id, day, n)
        select a, next_followup_at, count(*) from (
          select coalesce(next_assignee_id, -1) as a, next_followup_at from orders
            where id >= ${start.order} and is_open = 1 and next_followup_at is not null
          union all select 0, next_followup_at from orders
            where id >= ${start.order} and is_open = 1 and next_followup_at is not null
        ) x group by a, next_followup_at
        on conflict (assignee_id, day) do update set n = c.n + excluded.n`.execute(tx);
    if (await pgHasTable(tx, 'order_due_totals'))
      for (const q of RECOUNT_DUE_TOTALS) await sql.raw(q).execute(tx);
    if (await pgHasTable(tx, 'followup_hour_counts'))
      await sql`insert into followup_hour_counts as c (user_id, channel, hour, n)
        select u, channel, h, count(*) from (
          select user_id as u, channel, date_trunc('hour', done_at at time zone 'UTC') at time zone 'UTC' as h
            from followups where id >= ${start.followup} and deleted_at is null
          union all select 0, channel, date_trunc('hour', done_at at time zone 'UTC') at time zone 'UTC'
            from followups where id >= ${start.followup} and deleted_at is null
        ) x group by u, channel, h
        on conflict (user_id, hour, channel) do update set n = c.n + excluded.n`.execute(tx);
    if (await pgHasTable(tx, 'followup_day_counts'))
      for (const q of recountDays("(hour at time zone 'UTC')::date")) await sql.raw(q).execute(tx);
    for (const t of tables) await sql`alter table ${sql.table(t)} enable trigger user`.execute(tx);
    // Explicit ids do not advance PostgreSQL identity sequences.
    for (const t of ['users', 'customers', 'orders', 'followups'])
      await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 1))`.execute(
        tx,
      );
    phase('derived');
  });
}

/** INSERT … SELECT FROM unnest(arrays): one parameter per column for thousands of rows. */
async function insertArrays(
  tx: Executor,
  table: string,
  cols: readonly string[],
  list: Row[],
  types: Record<string, string>,
): Promise<void> {
  const size = 20_000;
  for (let i = 0; i < list.length; i += size) {
    const chunk = list.slice(i, i + size);
    const arrays = cols.map((c, k) => {
      const values = chunk.map((r) => r[k] ?? null);
      return sql`${values}::${sql.raw(types[c] ?? 'text')}[]`;
    });
    await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))})
      select * from unnest(${sql.join(arrays)})`.execute(tx);
  }
}
