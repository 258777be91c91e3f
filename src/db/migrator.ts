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
  // And a database that grew since (imports, a Dolibarr sync: tens of thousands of rows into tables that were
  // analysed nearly empty) gets its statistics again at the next start: PRAGMA optimize analyses the tables
  // whose size changed about 25-fold since, and is a no-op otherwise.
  if (dialectOf(db) === 'sqlite') {
    if (applied.length > 0 || (await hasStat4Samples(db))) await analyzeSqlite(db);
    else await reanalyzeGrownTables(db);
  }
  return applied;
}

/**
 * SQLite statistics, from at most 100,000 entries of each index. The limit also leaves out the
 * sqlite_stat4 samples, on purpose: with them the planner looks at bound values, so every statement with a
 * range on a parameter is compiled again each time it runs (the dashboard chart's 60 ranges took 1.3 ms
 * instead of 0.2 ms on a database analysed in full).
 */
export async function analyzeSqlite(db: Db): Promise<void> {
  await sql`pragma analysis_limit = 100000`.execute(db);
  await sql`analyze`.execute(db);
}

/**
 * SQLite: ANALYZE (with the limit above) the tables that grew or shrank much since their statistics.
 * 0x10002: look at every table's size (0x10000), analyse those that changed (0x2), without the temporary
 * limit of a few hundred rows PRAGMA optimize would set (0x10): that sample misled the planner (see above).
 */
export async function reanalyzeGrownTables(db: Db): Promise<void> {
  await sql`pragma analysis_limit = 100000`.execute(db);
  await sql`pragma optimize = 0x10002`.execute(db);
}

/** True when a full ANALYZE (by hand, or by an older version) left stat4 samples behind. */
async function hasStat4Samples(db: Db): Promise<boolean> {
  const table = await sql`select 1 from sqlite_master where name = 'sqlite_stat4'`.execute(db);
  if (table.rows.length === 0) return false;
  return (await sql`select 1 from sqlite_stat4 limit 1`.execute(db)).rows.length > 0;
}
