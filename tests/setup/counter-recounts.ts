// The counters the dashboard reads (kept by triggers, or filled by the bulk seed), each beside a recount of
// the rows they stand for, as comparable lines.
import { type RawBuilder, sql } from 'kysely';
import type { Dialect, Executor } from '../../src/db/database.ts';

export interface CountersAndRecount {
  counters: string[];
  recount: string[];
}

/** Open orders with a next date, per assignee (0: the team, -1: none) and day. */
export async function dueCountersAndRecount(db: Executor, dialect: Dialect): Promise<CountersAndRecount> {
  const day = (col: string) => sql.raw(dialect === 'postgres' ? `to_char(${col}, 'YYYY-MM-DD')` : col);
  const counters = await sql<{ a: number; day: string; n: number }>`
    select assignee_id as a, ${day('day')} as day, n
    from order_due_counts where n <> 0 order by 1, 2`.execute(db);
  const recount = await sql<{ a: number; day: string; n: number }>`
    select a, day, count(*) as n from (${counted(day('next_followup_at'))}) x group by a, day order by 1, 2`.execute(
    db,
  );
  const norm = (rows: { a: number; day: string; n: number }[]) =>
    rows.map((r) => `${Number(r.a)}|${r.day}|${Number(r.n)}`);
  return { counters: norm(counters.rows), recount: norm(recount.rows) };
}

/** The same open orders, totalled per assignee (order_due_totals). */
export async function dueTotalsAndRecount(db: Executor): Promise<CountersAndRecount> {
  const totals = await sql<{ a: number; n: number }>`
    select assignee_id as a, n from order_due_totals where n <> 0 order by 1`.execute(db);
  const recount = await sql<{ a: number; n: number }>`
    select a, count(*) as n from (${counted(sql.raw("''"))}) x group by a order by 1`.execute(db);
  const norm = (rows: { a: number; n: number }[]) => rows.map((r) => `${Number(r.a)}|${Number(r.n)}`);
  return { counters: norm(totals.rows), recount: norm(recount.rows) };
}

const counted = (day: ReturnType<typeof sql.raw>) => sql`
  select coalesce(next_assignee_id, -1) as a, ${day} as day
  from orders where is_open = 1 and next_followup_at is not null
  union all select 0, ${day} from orders where is_open = 1 and next_followup_at is not null`;

/** Live follow-ups per user (0: the team), channel and UTC hour. */
export function hourCountersAndRecount(db: Executor, dialect: Dialect): Promise<CountersAndRecount> {
  return dialect === 'postgres'
    ? periodCountersAndRecount(
        db,
        'followup_hour_counts',
        sql`to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24')`,
        sql`to_char(date_trunc('hour', done_at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24')`,
      )
    : periodCountersAndRecount(
        db,
        'followup_hour_counts',
        sql`substr(hour, 1, 13)`,
        sql`substr(done_at, 1, 13)`,
      );
}

/** Live follow-ups per user (0: the team), channel and UTC day. */
export function dayCountersAndRecount(db: Executor, dialect: Dialect): Promise<CountersAndRecount> {
  return dialect === 'postgres'
    ? periodCountersAndRecount(
        db,
        'followup_day_counts',
        sql`to_char(day, 'YYYY-MM-DD')`,
        sql`to_char(done_at at time zone 'UTC', 'YYYY-MM-DD')`,
      )
    : periodCountersAndRecount(db, 'followup_day_counts', sql`day`, sql`substr(done_at, 1, 10)`);
}

/**
 * A table of counters per user, channel and period, beside a recount of the live follow-ups: `stored` reads
 * a counter's period as text, `of` a follow-up's.
 */
async function periodCountersAndRecount(
  db: Executor,
  table: 'followup_hour_counts' | 'followup_day_counts',
  stored: RawBuilder<unknown>,
  of: RawBuilder<unknown>,
): Promise<CountersAndRecount> {
  type Row = { u: number; c: string; p: string; n: number };
  const counters = await sql<Row>`
    select user_id as u, channel as c, ${stored} as p, n from ${sql.table(table)} where n <> 0
    order by 1, 2, 3`.execute(db);
  const recount = await sql<Row>`
    select u, c, p, count(*) as n from (
      select user_id as u, channel as c, ${of} as p from followups where deleted_at is null
      union all select 0, channel, ${of} from followups where deleted_at is null
    ) x group by u, c, p order by 1, 2, 3`.execute(db);
  const norm = (rows: Row[]) => rows.map((r) => `${Number(r.u)}|${r.c}|${r.p}|${Number(r.n)}`);
  return { counters: norm(counters.rows), recount: norm(recount.rows) };
}
