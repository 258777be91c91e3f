// PostgreSQL: the due counters and the hour counters are kept by statement-level triggers, which add up
// a statement's changed rows (its transition tables) and update each counter once, instead of row-level
// triggers that updated it once per row. Within one transaction PostgreSQL keeps every version of an
// updated row, and each update of a counter first walks the versions written before it: a CSV import of
// 10,000 follow-ups, most of them on the same day, updated the team's counter 10,000 times and took 30-55 s
// (each 500-row insert slower than the one before), against 1.3 s on SQLite. Per statement it is one
// version per counter and insert, whatever the number of rows.
//
// SQLite updates rows in place; its triggers stay as they are.
// The row-level functions of 2026-12-01T0400 and T1000 are kept (unused) for `down`.
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../database.ts';

const EVENTS = ['insert', 'update', 'delete'] as const;
type Event = (typeof EVENTS)[number];

/** The transition tables an event has: inserted rows are new, deleted ones old, updated ones both. */
const transitions = (event: Event) =>
  event === 'insert'
    ? 'referencing new table as new_rows'
    : event === 'delete'
      ? 'referencing old table as old_rows'
      : 'referencing old table as old_rows new table as new_rows';

/** The rows of a statement, the old with -1 and the new with +1, as `select … from old_rows … union all …`. */
function signed(event: Event, select: (rows: 'old_rows' | 'new_rows', sign: 1 | -1) => string): string {
  const parts: string[] = [];
  if (event !== 'insert') parts.push(select('old_rows', -1));
  if (event !== 'delete') parts.push(select('new_rows', 1));
  return parts.join(' union all ');
}

const hourOf = (col: string) => `(date_trunc('hour', ${col} at time zone 'UTC') at time zone 'UTC')`;

/**
 * Counters are updated in key order, so that two writers cannot lock them in opposite orders; a change
 * that moves nothing (a note edited, an order's amount changed) sums to zero and writes nothing.
 */
function hourCountsFunction(event: Event): string {
  const rows = signed(
    event,
    (r, sign) => `select user_id as u, channel as ch, ${hourOf('done_at')} as h, ${sign} as delta
        from ${r} where deleted_at is null
      union all select 0, channel, ${hourOf('done_at')}, ${sign} from ${r} where deleted_at is null`,
  );
  return `create function relance_hour_counts_${event}() returns trigger language plpgsql as $$
    begin
      insert into followup_hour_counts as c (user_id, channel, hour, n)
        select u, ch, h, sum(delta)::integer from (${rows}) v
        group by u, ch, h having sum(delta) <> 0 order by u, ch, h
        on conflict (user_id, hour, channel) do update set n = c.n + excluded.n;
      return null;
    end $$`;
}

function dueCountsFunction(event: Event): string {
  const rows = signed(
    event,
    (r, sign) => `select coalesce(next_assignee_id, -1) as k, next_followup_at as d, ${sign} as delta
        from ${r} where is_open = 1 and next_followup_at is not null
      union all select 0, next_followup_at, ${sign} from ${r} where is_open = 1 and next_followup_at is not null`,
  );
  return `create function relance_due_counts_${event}() returns trigger language plpgsql as $$
    begin
      insert into order_due_counts as c (assignee_id, day, n)
        select k, d, sum(delta)::integer from (${rows}) v
        group by k, d having sum(delta) <> 0 order by k, d
        on conflict (assignee_id, day) do update set n = c.n + excluded.n;
      return null;
    end $$`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const run = (q: string) => sql.raw(q).execute(db);
  await run('drop trigger followups_hour_counts on followups');
  await run('drop trigger orders_due_counts on orders');
  for (const event of EVENTS) {
    await run(hourCountsFunction(event));
    await run(`create trigger followups_hour_counts_${event} after ${event} on followups ${transitions(event)}
      for each statement execute function relance_hour_counts_${event}()`);
    await run(dueCountsFunction(event));
    await run(`create trigger orders_due_counts_${event} after ${event} on orders ${transitions(event)}
      for each statement execute function relance_due_counts_${event}()`);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const run = (q: string) => sql.raw(q).execute(db);
  for (const event of EVENTS) {
    await run(`drop trigger if exists followups_hour_counts_${event} on followups`);
    await run(`drop function if exists relance_hour_counts_${event}()`);
    await run(`drop trigger if exists orders_due_counts_${event} on orders`);
    await run(`drop function if exists relance_due_counts_${event}()`);
  }
  await run(`create trigger followups_hour_counts after insert or delete or update of done_at, channel, user_id, deleted_at
    on followups for each row execute function relance_hour_counts()`);
  await run(`create trigger orders_due_counts after insert or delete or update of is_open, next_followup_at, next_assignee_id
    on orders for each row execute function relance_due_counts()`);
}
