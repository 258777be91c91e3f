// Live follow-ups counted per user, channel and UTC day (user 0: the whole team), beside the hour counters
// (2026-12-01T1000), for the dashboard's 12-week chart. The chart added up every hour counter of 12 weeks,
// ~4,250 rows for the team at 1M follow-ups; it now adds up the days (~420 rows) and moves the few hours
// between each week's start and the nearest UTC midnight with the hour counters (none for a zone at UTC,
// one hour a week for Paris). See docs/decisions/0411-chart-from-day-counters.md.
//
// Kept like the hour counters: SQLite row triggers on followups, named followups_days_* so that the bulk
// seed drops them with the other derived-data triggers and fills the table itself; PostgreSQL statement
// triggers over the transition tables, updating the counters in key order.
//
// The SQLite index followup_hour_counts_channel_idx served only the chart: dropped, one index less to write
// on every follow-up recorded.
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../database.ts';

const EVENTS = ['insert', 'update', 'delete'] as const;
type Event = (typeof EVENTS)[number];

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const run = (q: string) => sql.raw(q).execute(db);
  await run(`create table followup_day_counts (
    user_id integer not null, channel text not null, day ${pg ? 'date' : 'text'} not null,
    n integer not null, primary key (user_id, channel, day))${pg ? '' : ' without rowid'}`);
  const dayOfHour = pg ? "(hour at time zone 'UTC')::date" : 'substr(hour, 1, 10)';
  await run(`insert into followup_day_counts (user_id, channel, day, n)
    select user_id, channel, ${dayOfHour}, sum(n) from followup_hour_counts
    group by user_id, channel, ${dayOfHour} having sum(n) <> 0`);
  if (pg) await postgres(run);
  else await sqlite(run);
}

async function sqlite(run: (q: string) => Promise<unknown>): Promise<void> {
  await run('drop index if exists followup_hour_counts_channel_idx');
  const add = (row: 'new' | 'old', sign: 1 | -1) =>
    [`${row}.user_id`, '0']
      .map(
        (u) => `insert into followup_day_counts (user_id, channel, day, n)
          values (${u}, ${row}.channel, substr(${row}.done_at, 1, 10), ${sign})
          on conflict (user_id, channel, day) do update set n = n + (${sign});`,
      )
      .join('\n');
  await run(`create trigger followups_days_insert after insert on followups when new.deleted_at is null begin
    ${add('new', 1)}
  end`);
  await run(`create trigger followups_days_delete after delete on followups when old.deleted_at is null begin
    ${add('old', -1)}
  end`);
  const changed =
    'old.user_id is not new.user_id or old.channel is not new.channel or substr(old.done_at, 1, 10) is not substr(new.done_at, 1, 10) or (old.deleted_at is null) <> (new.deleted_at is null)';
  await run(`create trigger followups_days_leave after update of done_at, channel, user_id, deleted_at on followups
    when (${changed}) and old.deleted_at is null begin
    ${add('old', -1)}
  end`);
  await run(`create trigger followups_days_enter after update of done_at, channel, user_id, deleted_at on followups
    when (${changed}) and new.deleted_at is null begin
    ${add('new', 1)}
  end`);
}

const transitions = (event: Event) =>
  event === 'insert'
    ? 'referencing new table as new_rows'
    : event === 'delete'
      ? 'referencing old table as old_rows'
      : 'referencing old table as old_rows new table as new_rows';

/** A statement's follow-ups, the old with -1 and the new with +1, summed per counter (as in 2026-12-03T0900). */
function dayCountsFunction(event: Event): string {
  const dayOf = "(done_at at time zone 'UTC')::date";
  const select = (r: 'old_rows' | 'new_rows', sign: 1 | -1) =>
    `select user_id as u, channel as ch, ${dayOf} as d, ${sign} as delta from ${r} where deleted_at is null
     union all select 0, channel, ${dayOf}, ${sign} from ${r} where deleted_at is null`;
  const parts: string[] = [];
  if (event !== 'insert') parts.push(select('old_rows', -1));
  if (event !== 'delete') parts.push(select('new_rows', 1));
  return `create function relance_day_counts_${event}() returns trigger language plpgsql as $$
    begin
      insert into followup_day_counts as c (user_id, channel, day, n)
        select u, ch, d, sum(delta)::integer from (${parts.join(' union all ')}) v
        group by u, ch, d having sum(delta) <> 0 order by u, ch, d
        on conflict (user_id, channel, day) do update set n = c.n + excluded.n;
      return null;
    end $$`;
}

async function postgres(run: (q: string) => Promise<unknown>): Promise<void> {
  for (const event of EVENTS) {
    await run(dayCountsFunction(event));
    await run(`create trigger followups_day_counts_${event} after ${event} on followups ${transitions(event)}
      for each statement execute function relance_day_counts_${event}()`);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const run = (q: string) => sql.raw(q).execute(db);
  if (pg)
    for (const event of EVENTS) {
      await run(`drop trigger if exists followups_day_counts_${event} on followups`);
      await run(`drop function if exists relance_day_counts_${event}()`);
    }
  else {
    for (const t of ['insert', 'delete', 'leave', 'enter'])
      await run(`drop trigger if exists followups_days_${t}`);
    await run(
      'create index followup_hour_counts_channel_idx on followup_hour_counts (user_id, channel, hour, n)',
    );
  }
  await run('drop table followup_day_counts');
}
