// The counters the dashboard reads (kept by triggers, or filled by the bulk seed), each beside a recount of
// the rows they stand for, as comparable lines.
import { sql } from 'kysely';
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
export async function hourCountersAndRecount(db: Executor, dialect: Dialect): Promise<CountersAndRecount> {
  const hour =
    dialect === 'postgres'
      ? sql`to_char(date_trunc('hour', done_at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24')`
      : sql`substr(done_at, 1, 13)`;
  const stored =
    dialect === 'postgres'
      ? sql`to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24')`
      : sql`substr(hour, 1, 13)`;
  const counters = await sql<{ u: number; c: string; h: string; n: number }>`
    select user_id as u, channel as c, ${stored} as h, n from followup_hour_counts where n <> 0
    order by 1, 2, 3`.execute(db);
  const recount = await sql<{ u: number; c: string; h: string; n: number }>`
    select u, c, h, count(*) as n from (
      select user_id as u, channel as c, ${hour} as h from followups where deleted_at is null
      union all select 0, channel, ${hour} from followups where deleted_at is null
    ) x group by u, c, h order by 1, 2, 3`.execute(db);
  const norm = (rows: { u: number; c: string; h: string; n: number }[]) =>
    rows.map((r) => `${Number(r.u)}|${r.c}|${r.h}|${Number(r.n)}`);
  return { counters: norm(counters.rows), recount: norm(recount.rows) };
}

/** Live follow-ups per user (0: the team), channel and UTC day. */
export async function dayCountersAndRecount(db: Executor, dialect: Dialect): Promise<CountersAndRecount> {
  const day =
    dialect === 'postgres'
      ? sql`to_char(done_at at time zone 'UTC', 'YYYY-MM-DD')`
      : sql`substr(done_at, 1, 10)`;
  const stored = dialect === 'postgres' ? sql`to_char(day, 'YYYY-MM-DD')` : sql`day`;
  const counters = await sql<{ u: number; c: string; d: string; n: number }>`
    select user_id as u, channel as c, ${stored} as d, n from followup_day_counts where n <> 0
    order by 1, 2, 3`.execute(db);
  const recount = await sql<{ u: number; c: string; d: string; n: number }>`
    select u, c, d, count(*) as n from (
      select user_id as u, channel as c, ${day} as d from followups where deleted_at is null
      union all select 0, channel, ${day} from followups where deleted_at is null
    ) x group by u, c, d order by 1, 2, 3`.execute(db);
  const norm = (rows: { u: number; c: string; d: string; n: number }[]) =>
    rows.map((r) => `${Number(r.u)}|${r.c}|${r.d}|${Number(r.n)}`);
  return { counters: norm(counters.rows), recount: norm(recount.rows) };
}
