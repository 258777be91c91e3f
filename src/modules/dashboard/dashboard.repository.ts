// Counts for the dashboard, read from counters kept by triggers (due orders per day, follow-ups per hour),
// with counting on the follow-up indexes where the counters cannot answer exactly.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import type { DayWindows } from '../../shared/clock.ts';

export interface DashboardCounts {
  overdue: number;
  dueToday: number;
  dueThisWeek: number;
  doneToday: number;
  doneThisWeek: number;
}

/** `assigneeId`/`userId` null means the whole team. */
export async function dashboardCounts(
  db: Executor,
  w: DayWindows,
  userId: number | null,
): Promise<DashboardCounts> {
  // Kept by triggers per assignee (0 is the whole team): the open orders with a next date per day
  // (order_due_counts) and in all (order_due_totals). Overdue is the total less the days from today on, so
  // this reads the month or so of days ahead, not every day of the past.
  const due = await db
    .selectFrom('order_due_counts')
    .select([
      sql<number>`(select n from order_due_totals where assignee_id = ${userId ?? 0})`.as('total'),
      sql<number>`sum(n)`.as('ahead'),
      sql<number>`sum(case when day = ${w.today} then n else 0 end)`.as('due_today'),
      sql<number>`sum(case when day <= ${w.endOfWeek} then n else 0 end)`.as('due_week'),
    ])
    .where('assignee_id', '=', userId ?? 0)
    .where('day', '>=', w.today)
    .executeTakeFirstOrThrow();
  const done = onWholeHours([w.startOfWeekUtc, w.startOfTodayUtc, w.startOfTomorrowUtc])
    ? await db
        .selectFrom('followup_hour_counts')
        .select([
          sql<number>`sum(case when hour >= ${w.startOfTodayUtc} then n else 0 end)`.as('done_today'),
          sql<number>`sum(n)`.as('done_week'),
        ])
        .where('user_id', '=', userId ?? 0)
        .where('hour', '>=', w.startOfWeekUtc)
        .where('hour', '<', w.startOfTomorrowUtc)
        .executeTakeFirstOrThrow()
    : await doneByCounting(db, w, userId);
  return {
    overdue: Number(due.total ?? 0) - Number(due.ahead ?? 0),
    dueToday: Number(due.due_today ?? 0),
    dueThisWeek: Number(due.due_week ?? 0),
    doneToday: Number(done.done_today ?? 0),
    doneThisWeek: Number(done.done_week ?? 0),
  };
}

/**
 * True when every bound is a whole UTC hour: then the hour counters (followup_hour_counts, kept by
 * triggers, user 0 for the team) add up to exactly what counting the follow-ups gives. Days and weeks of
 * zones with whole-hour offsets always are; elsewhere the follow-ups are counted.
 */
export const onWholeHours = (bounds: readonly string[]): boolean =>
  bounds.every((b) => /T\d\d:00:00\.000Z$/.test(new Date(b).toISOString()));

async function doneByCounting(db: Executor, w: DayWindows, userId: number | null) {
  const byMe: Expression<SqlBool> = userId === null ? sql<SqlBool>`1 = 1` : sql<SqlBool>`user_id = ${userId}`;
  return db
    .selectFrom('followups')
    .select([
      sql<number>`sum(case when done_at >= ${w.startOfTodayUtc} then 1 else 0 end)`.as('done_today'),
      sql<number>`count(*)`.as('done_week'),
    ])
    .where('deleted_at', 'is', null)
    .where('done_at', '>=', w.startOfWeekUtc)
    .where('done_at', '<', w.startOfTomorrowUtc)
    .where(byMe)
    .executeTakeFirstOrThrow();
}

export interface WeeklyCount {
  /** Index of the week in the bounds given (0 = the oldest). */
  week: number;
  channel: string;
  n: number;
}

/**
 * Follow-ups done per week and channel, counted in SQL. `weekStartsUtc` are the UTC instants at which each
 * week starts (Monday 00:00 in the deployment's zone, so that a DST change cannot move a follow-up into the
 * wrong week) followed by the end of the last week. When the bounds are whole UTC hours (every zone but a
 * few half-hour ones) the hour counters answer; otherwise one statement per channel adds up one index-only
 * range count per week on followups_channel_done_idx (or followups_user_channel_done_idx for one user): a
 * GROUP BY over the same rows sorts them all, which took about a second on SQLite for 100,000 follow-ups.
 */
export async function weeklyFollowupCounts(
  db: Executor,
  dialect: Dialect,
  weekStartsUtc: string[],
  channels: readonly string[],
  userId: number | null,
): Promise<WeeklyCount[]> {
  const out: WeeklyCount[] = [];
  if (weekStartsUtc.length < 2) return out;
  if (onWholeHours(weekStartsUtc) && dialect === 'sqlite') {
    // The hour counters, one index-only range sum per channel and week on
    // followup_hour_counts_channel_idx: grouping the ~10,000 counter rows of 12 weeks sorted them all.
    const cells = channels.flatMap((channel) =>
      weekStartsUtc.slice(0, -1).map(
        (from, week) =>
          sql`select ${sql.lit(week)} as week, ${channel} as channel, (select sum(n) from followup_hour_counts
            where user_id = ${userId ?? 0} and channel = ${channel}
            and hour >= ${from} and hour < ${weekStartsUtc[week + 1]}) as n`,
      ),
    );
    const rows = await sql<WeeklyCount>`${sql.join(cells, sql` union all `)}`.execute(db);
    for (const r of rows.rows)
      if (Number(r.n) > 0) out.push({ week: Number(r.week), channel: r.channel, n: Number(r.n) });
    return out;
  }
  if (onWholeHours(weekStartsUtc)) {
    // The hour counters, a few thousand rows for 12 weeks whatever the number of follow-ups (PostgreSQL
    // reads them from followup_hour_counts_cover_idx alone and groups them by hashing).
    const weeks = weekStartsUtc.slice(1, -1).map((bound, i) => sql`when hour < ${bound} then ${sql.lit(i)}`);
    const week = sql<number>`case ${sql.join([...weeks, sql`else ${sql.lit(weekStartsUtc.length - 2)}`], sql` `)} end`;
    const rows = await db
      .selectFrom('followup_hour_counts')
      .select(['channel', week.as('week'), sql<number>`sum(n)`.as('n')])
      .where('user_id', '=', userId ?? 0)
      .where('channel', 'in', [...channels])
      .where('hour', '>=', weekStartsUtc[0] as string)
      .where('hour', '<', weekStartsUtc[weekStartsUtc.length - 1] as string)
      .groupBy(['channel', 'week'])
      .execute();
    for (const r of rows)
      if (Number(r.n) > 0) out.push({ week: Number(r.week), channel: r.channel, n: Number(r.n) });
    return out;
  }
  for (const channel of channels) {
    const counts = weekStartsUtc.slice(0, -1).map(
      (from, week) =>
        sql`select ${sql.lit(week)} as week, count(*) as n from followups
          where deleted_at is null and channel = ${channel}
          ${userId === null ? sql`` : sql`and user_id = ${userId}`}
          and done_at >= ${from} and done_at < ${weekStartsUtc[week + 1]}`,
    );
    const rows = await sql<{ week: number; n: number }>`${sql.join(counts, sql` union all `)}`.execute(db);
    for (const r of rows.rows)
      if (Number(r.n) > 0) out.push({ week: Number(r.week), channel, n: Number(r.n) });
  }
  return out;
}
