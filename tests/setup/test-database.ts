// Each test file gets its own database: a new SQLite file, or a new PostgreSQL schema dropped at the end.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { type Database, type Dialect, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';

export const TMP_DIR = join(import.meta.dirname, '..', '.tmp');

export interface TestDatabase {
  database: Database;
  /** The DATABASE_URL that reaches this database (for servers started by a test). */
  url: string;
  /** PostgreSQL: the schema to put in search_path. */
  schema?: string;
  drop(): Promise<void>;
}

export function availableDialects(): Dialect[] {
  return inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const tag = `t${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  if (dialect === 'sqlite') {
    mkdirSync(TMP_DIR, { recursive: true });
    const file = join(TMP_DIR, `${tag}.db`);
    const url = `sqlite:${file}`;
    const database = openDatabase(url);
    await migrateToLatest(database.db);
    return {
      database,
      url,
      drop: async () => {
        await database.close();
        for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
      },
    };
  }
  const base = inject('pgUrl');
  if (!base) throw new Error('PostgreSQL is not available');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${tag}`);
  await admin.end();
  const database = openDatabase(base, { schema: tag, poolSize: 4 });
  await migrateWithRetry(database);
  return {
    database,
    url: base,
    schema: tag,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop schema ${tag} cascade`);
      await c.end();
    },
  };
}

/**
 * Kysely's migrator introspects the catalog, which PostgreSQL may fail to read ("relation … does not
 * exist") while another test file drops its schema at the same moment; such a failure is retried.
 */
async function migrateWithRetry(database: Database): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(database.db);
      return;
    } catch (err) {
      if (attempt >= 4 || !/does not exist/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/** Runs a describe block once per available dialect (PostgreSQL is skipped, and said so, when unreachable). */
export function describeEachDialect(name: string, fn: (dialect: Dialect) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const skip = !availableDialects().includes(dialect);
    describe.skipIf(skip)(`${name} [${dialect}]`, () => fn(dialect));
  }
}
