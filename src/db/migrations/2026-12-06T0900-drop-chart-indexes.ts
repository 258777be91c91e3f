// The chart's two follow-up indexes (2026-12-01T0800) go: the chart reads the day and hour counters in
// every zone now, and counts the follow-ups themselves only for the part of an hour next to a week's start
// in zones such as India (+5:30), on followups_done_idx or followups_user_idx. Two indexes less to write on
// every follow-up recorded, and ~80 MB less at 1M follow-ups. See docs/decisions/0415-no-chart-indexes.md.
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('followups_user_channel_done_idx').ifExists().execute();
  await db.schema.dropIndex('followups_channel_done_idx').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
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
