// The follow-ups' due lists (overdue, today, this week) in their default order: the open orders by their
// latest follow-up (date, then id), which is the order of those follow-ups. See followup.repository.ts.
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('orders_current_done_idx')
    .on('orders')
    .columns(['last_followup_at', 'last_followup_id'])
    .where(sql.ref('is_open'), '=', 1)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('orders_current_done_idx').execute();
}
