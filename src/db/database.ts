// Opens the database named by DATABASE_URL: embedded SQLite (default) or PostgreSQL, behind one Kysely type.

import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  PostgresAdapter,
  type PostgresPool,
  type PostgresPoolClient,
  type SqliteDatabase,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { PostgresDialectInliningLimits, SqliteDialectInliningLimits } from './inline-limits.ts';
import type { DatabaseSchema } from './schema/database-schema.ts';
import { SQLITE_CONTAINS_FUNCTION, sqliteContains } from './text-search.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<DatabaseSchema>;
export type Tx = Transaction<DatabaseSchema>;
/** Either the database or a transaction: repositories accept both. */
export type Executor = Kysely<DatabaseSchema>;

export interface Database {
  db: Db;
  dialect: Dialect;
  /** For diagnostics and the benchmark: the SQLite file, or null. */
  sqliteFile: string | null;
  /**
   * The SQLite connection itself, or null: the bulk seed loads through it, since only a file's one
   * connection may take it out of WAL for the load.
   */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: run in this schema (tests give each file its own). */
  schema?: string;
  poolSize?: number;
  /** PostgreSQL: prepare parameterised statements once per connection (default true). */
  prepare?: boolean;
}

let pgParsersSet = false;
function setPgTypeParsers(): void {
  if (pgParsersSet) return;
  pgParsersSet = true;
  // Make PostgreSQL rows look like SQLite rows: dates and times as ISO strings, counts as numbers.
  pg.types.setTypeParser(1082, (v: string) => v); // date
  pg.types.setTypeParser(1184, timestamptzToIso); // timestamptz
  pg.types.setTypeParser(1114, (v: string) => new Date(`${v}Z`).toISOString()); // timestamp
  pg.types.setTypeParser(20, (v: string) => Number(v)); // int8, e.g. count(*)
}

const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * A timestamptz as PostgreSQL prints it in a UTC session ("2026-11-27 10:00:00.5+00") → ISO 8601 with
 * milliseconds and Z, as SQLite stores it. Rewritten as text (sessions run in UTC, see openDatabase):
 * parsing it with Date cost about a microsecond a value, a tenth of a millisecond on a list page.
 * Anything else (other offsets, years beyond 9999, infinity) goes through Date.
 */
export function timestamptzToIso(v: string): string {
  const m = UTC_TIMESTAMP.exec(v);
  if (!m) return new Date(v).toISOString();
  return `${m[1]}T${m[2]}.${(m[3] ?? '').slice(0, 3).padEnd(3, '0')}Z`;
}

/**
 * The pool as Kysely sees it, with each parameterised statement prepared once per connection under a name
 * derived from its text. PostgreSQL then parses it once, and after five runs keeps a generic plan when it
 * is no worse than the custom ones (which limits as parameters prevented: see inline-limits.ts).
 * Planning the follow-up list's five-table join took ~4 ms, more than running it. A query without
 * parameters is prepared too when it is one select (a list whose only parameter was its limit, now
 * inlined); other statements without parameters (transaction control, migrations, several statements at
 * once) go as before, by the simple protocol.
 */
const ONE_SELECT = /^\s*(select|with)\b[^;]*$/i;

function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined) {
      name = `relance_${createHash('sha1').update(text).digest('base64url')}`;
      if (names.size < 10_000) names.set(text, name);
    }
    return name;
  };
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = {
          // biome-ignore lint/suspicious/noExplicitAny: the two overloads of PostgresPoolClient.query
          query: ((text: any, values?: readonly unknown[]) =>
            typeof text === 'string' && ((values && values.length > 0) || ONE_SELECT.test(text))
              ? client.query({ name: nameOf(text), text, values: values ? [...values] : [] })
              : client.query(text, values as unknown[])) as unknown as PostgresPoolClient['query'],
          release: (destroy?: boolean) => client.release(destroy),
        };
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}

export function sqlitePathFromUrl(url: string): string {
  const rest = url.replace(/^sqlite:(\/\/)?/, '');
  return rest === ':memory:' ? rest : resolve(rest);
}

export function openDatabase(url: string, options: OpenOptions = {}): Database {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    setPgTypeParsers();
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      // Each connection keeps the statements it prepared (preparingPool) until it closes: a new connection
      // now and then bounds that, at the cost of preparing them again.
      maxUses: 100_000,
      // Sessions in UTC whatever the server's default, so that timestamps print with +00 (timestamptzToIso).
      // random_page_cost 1.1 rather than 4 (disks that seek): the lists read a few rows by index, from pages
      // that are cached or on SSD. With 4, the overdue list sorted by customer hashed a scan of every
      // follow-up instead of looking up the overdue orders' ones: 310-380 ms against 46-63 ms (decision 0414).
      options: `-c TimeZone=UTC -c random_page_cost=1.1${options.schema ? ` -c search_path=${options.schema}` : ''}`,
    });
    const db = new Kysely<DatabaseSchema>({
      dialect: new PostgresDialectInliningLimits({
        pool: options.prepare === false ? pool : preparingPool(pool),
      }),
    });
    return { db, dialect: 'postgres', sqliteFile: null, sqlite: null, close: () => db.destroy() };
  }
  if (url.startsWith('sqlite:')) {
    const file = sqlitePathFromUrl(url);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // 32 MiB of page cache and no memory map: the lists read a few index pages, the OS keeps the file
    // cached, and the server stays within the 250 MB budget at 1M follow-ups (a 1 GiB map put ~400 MB of
    // the file in its resident set, a 256 MiB cache could add as much).
    sqlite.pragma('cache_size = -32768');
    sqlite.pragma('mmap_size = 0');
    sqlite.pragma('temp_store = MEMORY');
    // Unicode case-insensitive "contains" for text search (SQLite's LIKE folds ASCII only).
    sqlite.function(SQLITE_CONTAINS_FUNCTION, { deterministic: true, varargs: true }, sqliteContains);
    const db = new Kysely<DatabaseSchema>({
      dialect: new SqliteDialectInliningLimits({ database: cachingStatements(sqlite) }),
    });
    return {
      db,
      dialect: 'sqlite',
      sqliteFile: file === ':memory:' ? null : file,
      sqlite,
      close: () => db.destroy(),
    };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url.split(':')[0]}:…")`);
}

/** How many prepared statements a SQLite connection keeps for reuse. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely sees it, with prepared statements kept by SQL text: Kysely's SQLite driver
 * prepares every query it runs, and preparing the list page's joins cost about as much as running them.
 * A statement still being iterated (a streamed query) is never handed out twice.
 */
export function cachingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, RowStatement>();
  return {
    close: () => sqlite.close(),
    prepare(query: string) {
      const cached = cache.get(query);
      if (cached && !cached.busy) {
        // Most recently used last, so that the first key is the one to evict.
        cache.delete(query);
        cache.set(query, cached);
        return cached;
      }
      const statement = rowStatement(sqlite.prepare(query));
      if (!cached) {
        cache.set(query, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}

interface RowStatement {
  readonly reader: boolean;
  readonly busy: boolean;
  all(parameters: ReadonlyArray<unknown>): unknown[];
  run(parameters: ReadonlyArray<unknown>): SQLite.RunResult;
  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown>;
}

/**
 * A statement whose rows come back as objects built in JavaScript from better-sqlite3's raw arrays, by a
 * function made once per statement from its column names. better-sqlite3 sets each column of an object
 * row through V8's API, which cost about a third of the follow-up list's query (16 columns × 50 rows).
 * The objects are the same: one property per column, in order, the last one winning for a repeated name.
 */
function rowStatement(statement: SQLite.Statement): RowStatement {
  const names = statement.reader ? statement.columns().map((c) => c.name) : [];
  // (A column named __proto__ would set the prototype of a literal: such a statement keeps object rows.)
  const toObject = statement.reader && !names.includes('__proto__') ? rowBuilder(names) : null;
  if (toObject) statement.raw(true);
  return {
    reader: statement.reader,
    get busy() {
      return statement.busy;
    },
    all(parameters) {
      const rows = statement.all(parameters);
      if (toObject) for (let i = 0; i < rows.length; i++) rows[i] = toObject(rows[i] as unknown[]);
      return rows;
    },
    run: (parameters) => statement.run(parameters),
    iterate(parameters) {
      const rows = statement.iterate(parameters);
      return toObject ? mapRows(rows, toObject) : rows;
    },
  };
}

function* mapRows(rows: Iterable<unknown>, toObject: (values: unknown[]) => unknown): Generator<unknown> {
  for (const row of rows) yield toObject(row as unknown[]);
}

/** `(values) => ({ name0: values[0], name1: values[1], … })`, compiled: one object shape for every row. */
function rowBuilder(names: readonly string[]): (values: unknown[]) => Record<string, unknown> {
  const body = names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${body} };`) as (values: unknown[]) => Record<string, unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: any schema, including the untyped one migrations receive
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
