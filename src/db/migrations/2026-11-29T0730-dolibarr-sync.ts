// The Dolibarr bridge's bookkeeping: how far the import got, each run's report, which follow-ups went back
// to Dolibarr as agenda events, and the lease that lets only one app server sync at a time.
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../database.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const ts = pg ? 'timestamptz' : 'text';

  // One row per imported entity (`thirdparties`, `orders`): advanced only after a whole successful import.
  await db.schema
    .createTable('dolibarr_sync_state')
    .addColumn('entity', 'text', (c) => c.primaryKey())
    /** Dolibarr's clock (Unix seconds) when the last successful import started: the next one asks from there. */
    .addColumn('since_epoch', 'bigint', (c) => c.notNull())
    /** Greatest date_modification seen (Unix seconds), for the report; null when Dolibarr sent none. */
    .addColumn('max_modified_epoch', 'bigint')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dolibarr_sync_runs')
    .addColumn('id', 'integer', (c) =>
      pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('trigger', 'text', (c) => c.notNull().check(sql`trigger in ('cli','schedule','manual')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running','ok','failed')`))
    .addColumn('started_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .addColumn('report_json', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('dolibarr_sync_runs_started_idx')
    .on('dolibarr_sync_runs')
    .columns(['started_at', 'id'])
    .execute();

  // A row is written (pending) before the POST and completed with Dolibarr's id after it, so that a run
  // cut off between the two finds the event again instead of creating it twice.
  await db.schema
    .createTable('dolibarr_pushed_followups')
    .addColumn('followup_id', 'integer', (c) => c.primaryKey().references('followups.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending','pushed')`))
    .addColumn('event_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('pushed_at', ts)
    .execute();

  await db.schema
    .createTable('dolibarr_sync_lease')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text')
    .addColumn('expires_at', ts, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'dolibarr_sync_lease',
    'dolibarr_pushed_followups',
    'dolibarr_sync_runs',
    'dolibarr_sync_state',
  ])
    await db.schema.dropTable(t).execute();
}
