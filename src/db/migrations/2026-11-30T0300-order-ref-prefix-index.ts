// The order picker's index: order refs by their lower-case prefix, so that search-as-you-type stays a range scan
// with 100,000 orders. PostgreSQL needs text_pattern_ops for LIKE 'prefix%' whatever the database collation.
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../database.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres')
    await sql`create index orders_ref_prefix_idx on orders (lower(ref) text_pattern_ops)`.execute(db);
  else await sql`create index orders_ref_prefix_idx on orders (lower(ref))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index orders_ref_prefix_idx`.execute(db);
}
