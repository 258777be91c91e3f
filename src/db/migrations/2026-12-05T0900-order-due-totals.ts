// Open orders with a next date, totalled per assignee (0: the whole team; -1: none), beside the counters per
// day of 2026-12-01T0400. The dashboard's overdue count was the sum of every past day's counter: ~700 rows
// for the team after two years, one more each day, for ever. Now it is the total minus the days from today
// on (a month or so of rows), whatever the history.
//
// A total changes only when an order enters or leaves the counted set (opened, closed, given or cleared a
// next date) or changes assignee; moving a next date, the usual write, leaves it alone. SQLite: row
// triggers on orders, named orders_due_* so that the bulk seed drops them with the day counters' and
// recomputes both. PostgreSQL: statement triggers that add up the transition tables, like the day counters
// (2026-12-03T0900), updating the totals in key order.
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../database.ts';

const EVENTS = ['insert', 'update', 'delete'] as const;
type Event = (typeof EVENTS)[number];

const counted = (row: string) => `${row}.is_open = 1 and ${row}.next_followup_at is not null`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const run = (q: string) => sql.raw(q).execute(db);
  await run(
    `create table order_due_totals (assignee_id integer not null primary key, n integer not null)${pg ? '' : ' without rowid'}`,
  );
  await run(`insert into order_due_totals (assignee_id, n)
    select assignee_id, sum(n) from order_due_counts group by assignee_id having sum(n) <> 0`);
  if (pg) await postgres(run);
  else await sqlite(run);
}

async function sqlite(run: (q: string) => Promise<unknown>): Promise<void> {
  // An order's (at most two) totals, its assignee's and the team's, moved by `sign`.
  const add = (row: 'new' | 'old', sign: 1 | -1) =>
    `insert into order_due_totals (assignee_id, n)
       select coalesce(${row}.next_assignee_id, -1), ${sign} where ${counted(row)}
       union all select 0, ${sign} where ${counted(row)}
       on conflict (assignee_id) do update set n = n + excluded.n;`;
  await run(`create trigger orders_due_total_insert after insert on orders when ${counted('new')} begin
    ${add('new', 1)}
  end`);
  await run(`create trigger orders_due_total_delete after delete on orders when ${counted('old')} begin
    ${add('old', -1)}
  end`);
  const moved = `(${counted('old')}) is not (${counted('new')})
    or ((${counted('old')}) and coalesce(old.next_assignee_id, -1) <> coalesce(new.next_assignee_id, -1))`;
  await run(`create trigger orders_due_total_update after update of is_open, next_followup_at, next_assignee_id on orders
    when ${moved} begin
    ${add('old', -1)} ${add('new', 1)}
  end`);
}

/** The rows of a statement, the old with -1 and the new with +1 (as in 2026-12-03T0900). */
function totalsFunction(event: Event): string {
  const parts: string[] = [];
  const select = (r: 'old_rows' | 'new_rows', sign: 1 | -1) =>
    `select coalesce(next_assignee_id, -1) as k, ${sign} as delta from ${r} where ${counted(r)}
     union all select 0, ${sign} from ${r} where ${counted(r)}`;
  if (event !== 'insert') parts.push(select('old_rows', -1));
  if (event !== 'delete') parts.push(select('new_rows', 1));
  return `create function relance_due_totals_${event}() returns trigger language plpgsql as $$
    begin
      insert into order_due_totals as t (assignee_id, n)
        select k, sum(delta)::integer from (${parts.join(' union all ')}) v
        group by k having sum(delta) <> 0 order by k
        on conflict (assignee_id) do update set n = t.n + excluded.n;
      return null;
    end $$`;
}

const transitions = (event: Event) =>
  event === 'insert'
    ? 'referencing new table as new_rows'
    : event === 'delete'
      ? 'referencing old table as old_rows'
      : 'referencing old table as old_rows new table as new_rows';

async function postgres(run: (q: string) => Promise<unknown>): Promise<void> {
  for (const event of EVENTS) {
    await run(totalsFunction(event));
    await run(`create trigger orders_due_totals_${event} after ${event} on orders ${transitions(event)}
      for each statement execute function relance_due_totals_${event}()`);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const run = (q: string) => sql.raw(q).execute(db);
  if (pg)
    for (const event of EVENTS) {
      await run(`drop trigger if exists orders_due_totals_${event} on orders`);
      await run(`drop function if exists relance_due_totals_${event}()`);
    }
  else
    for (const t of ['insert', 'delete', 'update']) await run(`drop trigger if exists orders_due_total_${t}`);
  await run('drop table order_due_totals');
}
