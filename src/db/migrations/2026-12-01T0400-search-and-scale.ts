// Scale to a million follow-ups (issue 4): text-search indexes for `q`, the follow-ups' copy of their customer's
// sales rep (the sales users' lists), sort indexes for the follow-up list, and maintained due counts for the
// dashboard. See docs/decisions/0400-search-and-scale.md.
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../database.ts';

/** Follow-up list sorts that had no index (the others are in the initial migration). */
const followupSortIndexes: [name: string, columns: string[]][] = [
  ['followups_rep_idx', ['sales_rep_id', 'done_at', 'id']],
  ['followups_channel_sort_idx', ['channel', 'id']],
  ['followups_created_sort_idx', ['created_at', 'id']],
  ['followups_updated_sort_idx', ['updated_at', 'id']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const run = (q: string) => sql.raw(q).execute(db);

  // The customer's sales rep, copied onto each follow-up so that a sales user's list is one index range.
  await run('alter table followups add column sales_rep_id integer references users(id)');
  await run(
    'update followups set sales_rep_id = (select c.sales_rep_id from customers c where c.id = followups.customer_id)',
  );
  for (const [name, columns] of followupSortIndexes)
    await run(`create index ${name} on followups (${columns.join(', ')}) where deleted_at is null`);

  // Open orders with a next date, counted per assignee and day (assignee 0: the whole team; -1: none), so
  // that the dashboard adds a few hundred counters instead of counting orders.
  await run(
    `create table order_due_counts (assignee_id integer not null, day ${pg ? 'date' : 'text'} not null, n integer not null, primary key (assignee_id, day))${pg ? '' : ' without rowid'}`,
  );
  const backfill = `insert into order_due_counts (assignee_id, day, n)
    select a, next_followup_at, count(*) from (
      select coalesce(next_assignee_id, -1) as a, next_followup_at from orders where is_open = 1 and next_followup_at is not null
      union all select 0, next_followup_at from orders where is_open = 1 and next_followup_at is not null
    ) x group by a, next_followup_at`;
  await run(backfill);

  if (pg) await postgres(run, db);
  else await sqlite(run);
}

async function sqlite(run: (q: string) => Promise<unknown>): Promise<void> {
  await run(`create trigger followups_rep_insert after insert on followups begin
    update followups set sales_rep_id = (select sales_rep_id from customers where id = new.customer_id) where id = new.id;
  end`);
  await run(`create trigger followups_rep_move after update of customer_id on followups begin
    update followups set sales_rep_id = (select sales_rep_id from customers where id = new.customer_id) where id = new.id;
  end`);
  await run(`create trigger customers_rep_change after update of sales_rep_id on customers
    when old.sales_rep_id is not new.sales_rep_id begin
    update followups set sales_rep_id = new.sales_rep_id where customer_id = new.id;
  end`);

  // Trigram indexes, contentless (the text stays in the tables): candidates for `q`, which the LIKE
  // condition then confirms. detail=none keeps the follow-ups' index small; the small tables keep the
  // column, so that a search can target one column.
  await run(
    `create virtual table followups_fts using fts5(note, tokenize='trigram', content='', contentless_delete=1, detail=none)`,
  );
  await run('insert into followups_fts (rowid, note) select id, note from followups');
  await run(`create trigger followups_fts_insert after insert on followups begin
    insert into followups_fts (rowid, note) values (new.id, new.note);
  end`);
  await run(`create trigger followups_fts_update after update of note on followups begin
    delete from followups_fts where rowid = old.id;
    insert into followups_fts (rowid, note) values (new.id, new.note);
  end`);
  await run(`create trigger followups_fts_delete after delete on followups begin
    delete from followups_fts where rowid = old.id;
  end`);

  await run(
    `create virtual table orders_fts using fts5(ref, customer_ref, tokenize='trigram', content='', contentless_delete=1, detail=column)`,
  );
  await run('insert into orders_fts (rowid, ref, customer_ref) select id, ref, customer_ref from orders');
  await run(`create trigger orders_fts_insert after insert on orders begin
    insert into orders_fts (rowid, ref, customer_ref) values (new.id, new.ref, new.customer_ref);
  end`);
  await run(`create trigger orders_fts_update after update of ref, customer_ref on orders begin
    delete from orders_fts where rowid = old.id;
    insert into orders_fts (rowid, ref, customer_ref) values (new.id, new.ref, new.customer_ref);
  end`);
  await run(`create trigger orders_fts_delete after delete on orders begin
    delete from orders_fts where rowid = old.id;
  end`);

  await run(
    `create virtual table customers_fts using fts5(name, code, town, tokenize='trigram', content='', contentless_delete=1, detail=column)`,
  );
  await run('insert into customers_fts (rowid, name, code, town) select id, name, code, town from customers');
  await run(`create trigger customers_fts_insert after insert on customers begin
    insert into customers_fts (rowid, name, code, town) values (new.id, new.name, new.code, new.town);
  end`);
  await run(`create trigger customers_fts_update after update of name, code, town on customers begin
    delete from customers_fts where rowid = old.id;
    insert into customers_fts (rowid, name, code, town) values (new.id, new.name, new.code, new.town);
  end`);
  await run(`create trigger customers_fts_delete after delete on customers begin
    delete from customers_fts where rowid = old.id;
  end`);

  // Due counters.
  const bump = (who: string, sign: '+' | '-', row: 'new' | 'old') =>
    sign === '+'
      ? `insert into order_due_counts (assignee_id, day, n) values (${who}, ${row}.next_followup_at, 1)
           on conflict (assignee_id, day) do update set n = n + 1;`
      : `update order_due_counts set n = n - 1 where assignee_id = ${who} and day = ${row}.next_followup_at;`;
  const counted = (row: 'new' | 'old') => `${row}.is_open = 1 and ${row}.next_followup_at is not null`;
  await run(`create trigger orders_due_insert after insert on orders when ${counted('new')} begin
    ${bump('coalesce(new.next_assignee_id, -1)', '+', 'new')} ${bump('0', '+', 'new')}
  end`);
  await run(`create trigger orders_due_delete after delete on orders when ${counted('old')} begin
    ${bump('coalesce(old.next_assignee_id, -1)', '-', 'old')} ${bump('0', '-', 'old')}
  end`);
  const changed =
    'old.is_open is not new.is_open or old.next_followup_at is not new.next_followup_at or old.next_assignee_id is not new.next_assignee_id';
  await run(`create trigger orders_due_leave after update of is_open, next_followup_at, next_assignee_id on orders
    when (${changed}) and ${counted('old')} begin
    ${bump('coalesce(old.next_assignee_id, -1)', '-', 'old')} ${bump('0', '-', 'old')}
  end`);
  await run(`create trigger orders_due_enter after update of is_open, next_followup_at, next_assignee_id on orders
    when (${changed}) and ${counted('new')} begin
    ${bump('coalesce(new.next_assignee_id, -1)', '+', 'new')} ${bump('0', '+', 'new')}
  end`);
}

async function postgres(run: (q: string) => Promise<unknown>, db: Kysely<unknown>): Promise<void> {
  await run(`create function relance_followup_rep() returns trigger language plpgsql as $$
    begin
      new.sales_rep_id := (select c.sales_rep_id from customers c where c.id = new.customer_id);
      return new;
    end $$`);
  await run(`create trigger followups_rep before insert or update of customer_id on followups
    for each row execute function relance_followup_rep()`);
  await run(`create function relance_customer_rep() returns trigger language plpgsql as $$
    begin
      update followups set sales_rep_id = new.sales_rep_id where customer_id = new.id;
      return null;
    end $$`);
  await run(`create trigger customers_rep after update of sales_rep_id on customers
    for each row when (old.sales_rep_id is distinct from new.sales_rep_id) execute function relance_customer_rep()`);

  // Due counters. The (at most four) counters an order moves between are updated in key order, so that
  // two concurrent writers cannot lock them in opposite orders.
  await run(`create function relance_due_counts() returns trigger language plpgsql as $$
    declare
      o_in boolean := tg_op <> 'INSERT' and old.is_open = 1 and old.next_followup_at is not null;
      n_in boolean := tg_op <> 'DELETE' and new.is_open = 1 and new.next_followup_at is not null;
    begin
      if tg_op = 'UPDATE' and o_in = n_in and old.next_followup_at is not distinct from new.next_followup_at
         and old.next_assignee_id is not distinct from new.next_assignee_id then
        return null;
      end if;
      insert into order_due_counts as c (assignee_id, day, n)
        select k, d, sum(delta)::integer from (
          select coalesce(old.next_assignee_id, -1) as k, old.next_followup_at as d, -1 as delta where o_in
          union all select 0, old.next_followup_at, -1 where o_in
          union all select coalesce(new.next_assignee_id, -1), new.next_followup_at, 1 where n_in
          union all select 0, new.next_followup_at, 1 where n_in
        ) v group by k, d having sum(delta) <> 0 order by k, d
        on conflict (assignee_id, day) do update set n = c.n + excluded.n;
      return null;
    end $$`);
  await run(`create trigger orders_due_counts after insert or delete or update of is_open, next_followup_at, next_assignee_id
    on orders for each row execute function relance_due_counts()`);

  // Trigram GIN indexes for `q` (ILIKE '%…%'), from pg_trgm. The extension is database-wide: it goes in
  // `public` (not in the current schema, which tests drop), or wherever it already is.
  const schema = await trigramSchema(db);
  if (!schema) {
    process.emitWarning(
      'pg_trgm is not available: text search (q=) will scan instead of using trigram indexes. Install the postgresql-contrib package, or run CREATE EXTENSION pg_trgm as a superuser, then rerun the migration on a fresh database or create the *_trgm_idx indexes by hand.',
    );
    return;
  }
  const trigram: [name: string, table: string, column: string][] = [
    ['followups_note_trgm_idx', 'followups', 'note'],
    ['orders_ref_trgm_idx', 'orders', 'ref'],
    ['orders_customer_ref_trgm_idx', 'orders', 'customer_ref'],
    ['customers_name_trgm_idx', 'customers', 'name'],
    ['customers_code_trgm_idx', 'customers', 'code'],
    ['customers_town_trgm_idx', 'customers', 'town'],
  ];
  for (const [name, table, column] of trigram)
    await run(`create index ${name} on ${table} using gin (${column} ${schema}.gin_trgm_ops)`);
}

/** The schema holding pg_trgm, installing it in `public` if it is missing; null when it cannot be had. */
async function trigramSchema(db: Kysely<unknown>): Promise<string | null> {
  const find = async () =>
    (
      await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
        join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)
    ).rows[0]?.schema ?? null;
  const found = await find();
  if (found) return quoteIdent(found);
  // A savepoint, because a failed CREATE EXTENSION would otherwise abort the migration's transaction.
  await sql`savepoint relance_trgm`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    await sql`release savepoint relance_trgm`.execute(db);
  } catch {
    // Not allowed, not installed, or created at the same moment by another connection.
    await sql`rollback to savepoint relance_trgm`.execute(db);
  }
  const now = await find();
  return now ? quoteIdent(now) : null;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const run = (q: string) => sql.raw(q).execute(db);
  if (pg) {
    for (const t of [
      'followups_rep on followups',
      'customers_rep on customers',
      'orders_due_counts on orders',
    ])
      await run(`drop trigger if exists ${t}`);
    for (const f of ['relance_followup_rep', 'relance_customer_rep', 'relance_due_counts'])
      await run(`drop function if exists ${f}()`);
    for (const i of [
      'followups_note_trgm_idx',
      'orders_ref_trgm_idx',
      'orders_customer_ref_trgm_idx',
      'customers_name_trgm_idx',
      'customers_code_trgm_idx',
      'customers_town_trgm_idx',
    ])
      await run(`drop index if exists ${i}`);
  } else {
    for (const t of [
      'followups_rep_insert',
      'followups_rep_move',
      'customers_rep_change',
      'followups_fts_insert',
      'followups_fts_update',
      'followups_fts_delete',
      'orders_fts_insert',
      'orders_fts_update',
      'orders_fts_delete',
      'customers_fts_insert',
      'customers_fts_update',
      'customers_fts_delete',
      'orders_due_insert',
      'orders_due_delete',
      'orders_due_leave',
      'orders_due_enter',
    ])
      await run(`drop trigger if exists ${t}`);
    for (const t of ['followups_fts', 'orders_fts', 'customers_fts']) await run(`drop table if exists ${t}`);
  }
  await run('drop table order_due_counts');
  for (const [name] of followupSortIndexes) await run(`drop index ${name}`);
  await run('alter table followups drop column sales_rep_id');
}
