// Once per run: finds out whether PostgreSQL is reachable, and says so. In CI it is required.
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export const DEFAULT_PG_URL = 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.TEST_DATABASE_URL_PG ?? DEFAULT_PG_URL;
  const required = process.env.RELANCE_REQUIRE_POSTGRES === '1';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    project.provide('pgUrl', url);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (required)
      throw new Error(
        `PostgreSQL is required (RELANCE_REQUIRE_POSTGRES=1) but unreachable at ${url}: ${why}`,
      );
    console.warn(
      `\n[relance] PostgreSQL unreachable at ${url} (${why}): the PostgreSQL tests are SKIPPED. Set TEST_DATABASE_URL_PG to run them.\n`,
    );
    project.provide('pgUrl', null);
  } finally {
    await client.end().catch(() => {});
  }
}
