// Applies pending migrations from the static index, on either dialect.
import { Migrator, sql } from 'kysely';
import { type Db, dialectOf } from './database.ts';
import { migrations } from './migrations/index.ts';

/**
 * PostgreSQL: Kysely looks for its own tables in every schema unless told which one, so a database whose
 * other schemas already hold them (tests give each file a schema) would skip creating them in ours.
 */
async function migrationSchema(db: Db): Promise<string | undefined> {
  if (dialectOf(db) !== 'postgres') return undefined;
  const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return r.rows[0]?.schema ?? undefined;
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const schema = await migrationSchema(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  // New indexes need fresh statistics, or SQLite's planner may prefer an older, worse index (seen: a list
  // page at 4 s instead of 28 ms). PostgreSQL's autovacuum analyses by itself.
  // The sample must be large: with 2,000 entries per index SQLite saw one user in followups_user_idx and
  // believed each user had ~1,000 follow-ups instead of 50,000 (a 6 s plan at 1M, see decision 0400).
  if (applied.length > 0 && dialectOf(db) === 'sqlite') {
    await sql`pragma analysis_limit = 100000`.execute(db);
    await sql`analyze`.execute(db);
  }
  return applied;
}
