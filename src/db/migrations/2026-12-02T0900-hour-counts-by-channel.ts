// Indexes on the hour counters for the dashboard's 12-week chart (see docs/decisions/0400-search-and-scale.md).
// SQLite: in channel order, with their count, so that the chart sums each (channel, week) as one index-only
// range (60 small ranges) instead of grouping ~10,000 counter rows through a temporary B-tree (2.8 ms →
// 0.4 ms for the team at 1M follow-ups). PostgreSQL groups them by hashing, without a sort, but read them
// from the heap, one page each (10.6 ms); a covering index makes that an index-only scan (3.1 ms).
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../database.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres')
    await sql`create index followup_hour_counts_cover_idx on followup_hour_counts (user_id, hour) include (channel, n)`.execute(
      db,
    );
  else
    await sql`create index followup_hour_counts_channel_idx on followup_hour_counts (user_id, channel, hour, n)`.execute(
      db,
    );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres')
    await sql`drop index if exists followup_hour_counts_cover_idx`.execute(db);
  else await sql`drop index if exists followup_hour_counts_channel_idx`.execute(db);
}
