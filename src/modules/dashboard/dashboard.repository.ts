// Counts for the dashboard, read from counters kept by triggers (due orders per day and in all, follow-ups
// per hour and per day), with counting on the follow-up indexes where the counters cannot answer exactly.
import { sql } from 'kysely';
import { compiledOnce } from '../../db/compiled-once.ts';
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
  const [due] = await dueCounts(db, { assigneeId: userId ?? 0, today: w.today, endOfWeek: w.endOfWeek });
  const [done] = await (userId === null ? teamDone : userDone)(db, doneSpans(w, userId ?? 0));
  if (!due || !done) throw new Error('an aggregate without a row');
  return {
    overdue: Number(due.total ?? 0) - Number(due.ahead ?? 0),
    dueToday: Number(due.due_today ?? 0),
    dueThisWeek: Number(due.due_week ?? 0),
    doneToday: Number(done.today_hours ?? 0) + Number(done.today_start ?? 0) + Number(done.tomorrow_end ?? 0),
    doneThisWeek:
      Number(done.week_hours ?? 0) + Number(done.week_start ?? 0) + Number(done.tomorrow_end ?? 0),
  };
}

// The landing page's counts, compiled once (src/db/compiled-once.ts).
const dueCounts = compiledOnce((db, p: { assigneeId: number; today: string; endOfWeek: string }) =>
  db
    .selectFrom('order_due_counts')
    .select([
      sql<number>`(select n from order_due_totals where assignee_id = ${p.assigneeId})`.as('total'),
      sql<number>`sum(n)`.as('ahead'),
      sql<number>`sum(case when day = ${p.today} then n else 0 end)`.as('due_today'),
      sql<number>`sum(case when day <= ${p.endOfWeek} then n else 0 end)`.as('due_week'),
    ])
    .where('assignee_id', '=', p.assigneeId)
    .where('day', '>=', p.today),
);

const HOUR_MS = 3_600_000;
/** An instant (ms) in the stored form; the whole UTC hour at or after it, at or before it. */
const iso = (t: number): string => new Date(t).toISOString();
const hourUp = (t: number): number => Math.ceil(t / HOUR_MS) * HOUR_MS;
const hourDown = (t: number): number => Math.floor(t / HOUR_MS) * HOUR_MS;

/** The values of the done counts' query: UTC instants, `…Hour` the whole hours next to the bounds. */
interface DoneSpans {
  userId: number;
  startOfWeek: string;
  weekHour: string;
  startOfToday: string;
  todayHour: string;
  tomorrowHour: string;
  startOfTomorrow: string;
}

function doneSpans(w: DayWindows, userId: number): DoneSpans {
  return {
    userId,
    startOfWeek: w.startOfWeekUtc,
    weekHour: iso(hourUp(Date.parse(w.startOfWeekUtc))),
    startOfToday: w.startOfTodayUtc,
    todayHour: iso(hourUp(Date.parse(w.startOfTodayUtc))),
    tomorrowHour: iso(hourDown(Date.parse(w.startOfTomorrowUtc))),
    startOfTomorrow: w.startOfTomorrowUtc,
  };
}

/**
 * Follow-ups done this week and today, from the hour counters (kept by triggers, user 0 for the team) for
 * the whole UTC hours, and counted on the follow-ups for the part of an hour next to each bound. In a zone
 * whose days start on a whole UTC hour (Paris) those parts are empty; in India (+5:30) each is half an hour,
 * a few rows on followups_done_idx or followups_user_idx. The chart does the same per week
 * (weeklyFollowupCounts).
 */
const doneCounts = (team: boolean) =>
  compiledOnce((db, p: DoneSpans) => {
    const hours = (from: string, to: string) =>
      sql<number>`(select sum(n) from followup_hour_counts where user_id = ${p.userId}
        and hour >= ${from} and hour < ${to})`;
    const counted = (from: string, to: string) =>
      sql<number>`(select count(*) from followups where deleted_at is null
        and done_at >= ${from} and done_at < ${to}${team ? sql`` : sql` and user_id = ${p.userId}`})`;
    return db.selectNoFrom([
      hours(p.weekHour, p.tomorrowHour).as('week_hours'),
      counted(p.startOfWeek, p.weekHour).as('week_start'),
      hours(p.todayHour, p.tomorrowHour).as('today_hours'),
      counted(p.startOfToday, p.todayHour).as('today_start'),
      counted(p.tomorrowHour, p.startOfTomorrow).as('tomorrow_end'),
    ]);
  });
const userDone = doneCounts(false);
const teamDone = doneCounts(true);

export interface WeeklyCount {
  /** Index of the week in the bounds given (0 = the oldest). */
  week: number;
  channel: string;
  n: number;
}

const DAY_MS = 86_400_000;

/** The UTC midnight nearest to an instant (the next one from noon on), as an instant. */
function nearestMidnight(iso: string): number {
  const t = Date.parse(iso);
  const floor = t - (((t % DAY_MS) + DAY_MS) % DAY_MS);
  return t - floor < DAY_MS / 2 ? floor : floor + DAY_MS;
}

/**
 * Follow-ups done per week and channel, from the counters kept by triggers (user null: the team, counted as
 * user 0). `bounds` are the UTC instants at which each week starts (Monday 00:00 in the deployment's zone, so
 * that a DST change cannot move a follow-up into the wrong week) followed by the end of the last week.
 *
 * Each bound is taken to its nearest UTC midnight: the day counters (followup_day_counts) give the weeks
 * between those midnights, ~420 rows for 12 weeks instead of ~4,250 hour counters at 1M follow-ups. The
 * hours between a bound and its midnight (none in a zone at UTC, one a week in Paris, at most 12) are then
 * moved into the week they belong to.
 */
export async function weeklyFollowupCounts(
  db: Executor,
  dialect: Dialect,
  bounds: readonly string[],
  channels: readonly string[],
  user: number | null,
): Promise<WeeklyCount[]> {
  if (bounds.length < 2) return [];
  const userId = user ?? 0;
  const midnights = bounds.map(nearestMidnight);
  const days = midnights.map((m) => iso(m).slice(0, 10));
  const last = bounds.length - 2;
  const cells = new Map<string, WeeklyCount>();
  const add = (week: number, channel: string, n: number) => {
    if (week < 0 || week > last || n === 0) return;
    const key = `${week}|${channel}`;
    const cell = cells.get(key) ?? { week, channel, n: 0 };
    cell.n += n;
    cells.set(key, cell);
  };
  const byDay = await weeksOfDays(db, dialect, days, channels, userId);
  for (const r of byDay) add(Number(r.week), r.channel, Number(r.n));

  // Bound i between its midnight and itself: after the midnight, those hours were counted in week i but
  // belong to week i - 1; before it, the reverse. The whole hours come from the hour counters; in a zone
  // whose weeks do not start on a whole UTC hour (India, +5:30), the part of an hour next to the bound is
  // counted from the follow-ups themselves (under an hour a week, on followups_done_idx or
  // followups_user_idx).
  const edges = bounds.flatMap((bound, i) => {
    const at = Date.parse(bound);
    const m = midnights[i] as number;
    if (at === m) return [];
    const [from, to] = at > m ? [m, at] : [at, m];
    const hoursFrom = hourUp(from);
    const hoursTo = hourDown(to);
    const parts = [];
    const slices: [number, number][] = [];
    if (hoursFrom < hoursTo) {
      parts.push(sql`select ${sql.lit(i)} as edge, channel, sum(n) as n from followup_hour_counts
        where user_id = ${userId} and channel in (${sql.join([...channels])})
        and hour >= ${iso(hoursFrom)} and hour < ${iso(hoursTo)} group by channel`);
      slices.push([from, hoursFrom], [hoursTo, to]);
    } else slices.push([from, to]);
    for (const [a, b] of slices)
      if (a < b)
        parts.push(sql`select ${sql.lit(i)} as edge, channel, count(*) as n from followups
          where deleted_at is null and done_at >= ${iso(a)} and done_at < ${iso(b)}
          ${userId === 0 ? sql`` : sql`and user_id = ${userId}`}
          and channel in (${sql.join([...channels])}) group by channel`);
    return parts;
  });
  if (edges.length > 0) {
    const moved = await sql<{
      edge: number;
      channel: string;
      n: number;
    }>`${sql.join(edges, sql` union all `)}`.execute(db);
    for (const r of moved.rows) {
      const i = Number(r.edge);
      const n = Number(r.n);
      const late = Date.parse(bounds[i] as string) > (midnights[i] as number);
      add(i, r.channel, late ? -n : n);
      add(i - 1, r.channel, late ? n : -n);
    }
  }
  return [...cells.values()].filter((c) => c.n > 0);
}

type CellSums = (db: Executor, params: Record<string, string | number>) => Promise<WeeklyCount[]>;
const cellSumsByShape = new Map<string, CellSums>();

/**
 * SQLite: one range sum per channel and week on the day counters, for a number of weeks and these channels,
 * compiled once (src/db/compiled-once.ts). Its values: `userId`, and `day0`… the UTC days the weeks start
 * on, then the day after the last one.
 */
function cellSums(weeks: number, channels: readonly string[]): CellSums {
  const shape = `${weeks}|${channels.join('|')}`;
  let query = cellSumsByShape.get(shape);
  if (!query) {
    query = compiledOnce((_db, p: Record<string, string | number>) => {
      const cells = channels.flatMap((channel) =>
        Array.from(
          { length: weeks },
          (_, week) =>
            sql`select ${sql.lit(week)} as week, ${channel} as channel, (select sum(n) from followup_day_counts
              where user_id = ${p.userId} and channel = ${channel} and day >= ${p[`day${week}`]}
              and day < ${p[`day${week + 1}`]}) as n`,
        ),
      );
      return sql<WeeklyCount>`${sql.join(cells, sql` union all `)}`;
    });
    cellSumsByShape.set(shape, query);
  }
  return query;
}

/**
 * The day counters summed per channel and week, the weeks given by the UTC days they start on. SQLite: one
 * range sum per channel and week on the counters' primary key (60 small ranges, ~0.12 ms for the team at 1M
 * follow-ups; grouping the ~420 rows through a temporary B-tree took 0.3 ms). PostgreSQL groups them by
 * hashing.
 */
async function weeksOfDays(
  db: Executor,
  dialect: Dialect,
  days: string[],
  channels: readonly string[],
  userId: number,
): Promise<WeeklyCount[]> {
  if (dialect === 'sqlite') {
    const params: Record<string, string | number> = { userId };
    days.forEach((day, i) => {
      params[`day${i}`] = day;
    });
    return cellSums(days.length - 1, channels)(db, params);
  }
  const last = days.length - 2;
  const week = sql<number>`case ${sql.join(
    [...days.slice(1, -1).map((d, i) => sql`when day < ${d} then ${sql.lit(i)}`), sql`else ${sql.lit(last)}`],
    sql` `,
  )} end`;
  return db
    .selectFrom('followup_day_counts')
    .select(['channel', week.as('week'), sql<number>`sum(n)`.as('n')])
    .where('user_id', '=', userId)
    .where('channel', 'in', [...channels])
    .where('day', '>=', days[0] as string)
    .where('day', '<', days[days.length - 1] as string)
    .groupBy(['channel', 'week'])
    .execute();
}
