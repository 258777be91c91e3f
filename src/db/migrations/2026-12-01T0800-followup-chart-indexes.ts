// The dashboard chart's indexes: live follow-ups by channel and date, for the team and for one user, so that
// the weekly counts per channel are index-only range counts (see dashboard.repository.ts).
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('followups_channel_done_idx')
    .on('followups')
    .columns(['channel', 'done_at'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('followups_user_channel_done_idx')
    .on('followups')
    .columns(['user_id', 'channel', 'done_at'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('followups_user_channel_done_idx').execute();
  await db.schema.dropIndex('followups_channel_done_idx').execute();
}
