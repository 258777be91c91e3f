// Morning digests claimed or sent, one row per user and day: the unique key is what lets several app
// servers share one database without sending anyone the same digest twice.
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../database.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const ts = pg ? 'timestamptz' : 'text';
  await db.schema
    .createTable('digest_sends')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('day', pg ? 'date' : 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('sending','sent','failed','empty')`))
    // Random per claim, so that only the claimant can finish (or fail) its own claim.
    .addColumn('claim_token', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('digest_sends_pk', ['user_id', 'day'])
    .execute();
  await db.schema.createIndex('digest_sends_day_idx').on('digest_sends').columns(['day', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('digest_sends').execute();
}
