// Live follow-ups counted per user, channel and UTC hour (user 0: the whole team), kept by triggers: the
// dashboard's "done today / this week" and its 12-week chart add up these counters instead of counting the
// follow-ups, whose number per week grows with the team. See docs/decisions/0400-search-and-scale.md.
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../database.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const run = (q: string) => sql.raw(q).execute(db);
  // The hour is stored like done_at: a timestamptz on PostgreSQL, an ISO string on SQLite.
  await run(`create table followup_hour_counts (
    user_id integer not null, channel text not null, hour ${pg ? 'timestamptz' : 'text'} not null,
    n integer not null, primary key (user_id, hour, channel))${pg ? '' : ' without rowid'}`);
  // (UTC hours whatever the session's time zone; done_at is always stored in UTC on SQLite.)
  const hourOf = (col: string) =>
    pg
      ? `(date_trunc('hour', ${col} at time zone 'UTC') at time zone 'UTC')`
      : `substr(${col}, 1, 13) || ':00:00.000Z'`;
  await run(`insert into followup_hour_counts (user_id, channel, hour, n)
    select u, channel, h, count(*) from (
      select user_id as u, channel, ${hourOf('done_at')} as h from followups where deleted_at is null
      union all select 0, channel, ${hourOf('done_at')} from followups where deleted_at is null
    ) x group by u, channel, h`);

  if (pg) {
    // Counters are updated in key order, so that two writers cannot lock them in opposite orders.
    await run(`create function relance_hour_counts() returns trigger language plpgsql as $$
      declare
        o_in boolean := tg_op <> 'INSERT' and old.deleted_at is null;
        n_in boolean := tg_op <> 'DELETE' and new.deleted_at is null;
      begin
        if tg_op = 'UPDATE' and o_in = n_in and old.user_id = new.user_id and old.channel = new.channel
           and ${hourOf('old.done_at')} = ${hourOf('new.done_at')} then
          return null;
        end if;
        insert into followup_hour_counts as c (user_id, channel, hour, n)
          select u, ch, h, sum(delta)::integer from (
            select old.user_id as u, old.channel as ch, ${hourOf('old.done_at')} as h, -1 as delta where o_in
            union all select 0, old.channel, ${hourOf('old.done_at')}, -1 where o_in
            union all select new.user_id, new.channel, ${hourOf('new.done_at')}, 1 where n_in
            union all select 0, new.channel, ${hourOf('new.done_at')}, 1 where n_in
          ) v group by u, ch, h having sum(delta) <> 0 order by u, ch, h
          on conflict (user_id, hour, channel) do update set n = c.n + excluded.n;
        return null;
      end $$`);
    await run(`create trigger followups_hour_counts after insert or delete or update of done_at, channel, user_id, deleted_at
      on followups for each row execute function relance_hour_counts()`);
    return;
  }
  const add = (row: 'new' | 'old', sign: 1 | -1) =>
    [`${row}.user_id`, '0']
      .map(
        (u) => `insert into followup_hour_counts (user_id, channel, hour, n)
          values (${u}, ${row}.channel, ${hourOf(`${row}.done_at`)}, ${sign})
          on conflict (user_id, hour, channel) do update set n = n + (${sign});`,
      )
      .join('\n');
  await run(`create trigger followups_hours_insert after insert on followups when new.deleted_at is null begin
    ${add('new', 1)}
  end`);
  await run(`create trigger followups_hours_delete after delete on followups when old.deleted_at is null begin
    ${add('old', -1)}
  end`);
  const changed =
    'old.user_id is not new.user_id or old.channel is not new.channel or substr(old.done_at, 1, 13) is not substr(new.done_at, 1, 13) or (old.deleted_at is null) <> (new.deleted_at is null)';
  await run(`create trigger followups_hours_leave after update of done_at, channel, user_id, deleted_at on followups
    when (${changed}) and old.deleted_at is null begin
    ${add('old', -1)}
  end`);
  await run(`create trigger followups_hours_enter after update of done_at, channel, user_id, deleted_at on followups
    when (${changed}) and new.deleted_at is null begin
    ${add('new', 1)}
  end`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const run = (q: string) => sql.raw(q).execute(db);
  if (pg) {
    await run('drop trigger if exists followups_hour_counts on followups');
    await run('drop function if exists relance_hour_counts()');
  } else {
    for (const t of ['insert', 'delete', 'leave', 'enter'])
      await run(`drop trigger if exists followups_hours_${t}`);
  }
  await run('drop table followup_hour_counts');
}
