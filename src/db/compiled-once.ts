// Queries of a fixed shape that run on every request (the session behind a cookie, the token behind an API
// call, the statements of a recorded follow-up), built and compiled by Kysely once per dialect, then run
// with each call's values. Building and compiling a query cost 15-60 µs of CPU each time, for the same SQL
// text. See docs/decisions/0416-queries-compiled-once.md.
import { type Compilable, type CompiledQuery, createQueryId, type RawBuilder } from 'kysely';
import { type Dialect, dialectOf, type Executor } from './database.ts';
import { keptPerDatabase } from './kept-per-database.ts';

const NAME = Symbol('compiled-once parameter');

interface Placeholder {
  readonly [NAME]: string;
}

const isPlaceholder = (v: unknown): v is Placeholder => typeof v === 'object' && v !== null && NAME in v;

/** Where each parameter of the compiled SQL comes from: a value of the call, or a constant of the builder. */
type Slot = { readonly name: string } | { readonly constant: unknown };

interface Compiled<R> {
  readonly query: CompiledQuery<R>;
  readonly slots: readonly Slot[];
}

/**
 * A query built by `build` once per dialect, with placeholders in `p` standing for the values; each call
 * then runs the same SQL with its own values, in the executor it is given (a transaction too).
 *
 * The builder must use the placeholders only as values (in `where`, `values`, `set`, `sql` templates),
 * never look at them (no branching, no `sql.lit`, no limit or offset: those become SQL text). A value in
 * the compiled SQL that is not a placeholder is a constant of the query. The placeholders object has no
 * keys of its own, so an insert names its columns one by one (`values({ a: p.a })`, not `values(p)`).
 */
export function compiledOnce<P extends object, R>(
  build: (db: Executor, p: P) => Compilable<R> | RawBuilder<R>,
): (db: Executor, params: P) => Promise<R[]> {
  const byDialect = new Map<Dialect, Compiled<R>>();
  const compile = (db: Executor): Compiled<R> => {
    const placeholders = new Proxy(
      {},
      { get: (_, name) => (typeof name === 'string' ? { [NAME]: name } : undefined) },
    ) as P;
    const built = build(db, placeholders);
    const query = 'isRawBuilder' in built ? built.compile(db) : built.compile();
    const slots = query.parameters.map((v): Slot => (isPlaceholder(v) ? { name: v[NAME] } : { constant: v }));
    return { query, slots };
  };
  return async (db, params) => {
    const dialect = dialectOf(db);
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      compiled = compile(db);
      byDialect.set(dialect, compiled);
    }
    const parameters = compiled.slots.map((s) => {
      if ('constant' in s) return s.constant;
      const value = (params as Record<string, unknown>)[s.name];
      if (value === undefined) throw new Error(`compiledOnce: no value for parameter "${s.name}"`);
      return value;
    });
    const result = await db.executeQuery<R>({ ...compiled.query, parameters, queryId: createQueryId() });
    return result.rows;
  };
}

/** Compiled queries by key, per database (see compiledFor). */
const compiledByKey = keptPerDatabase<CompiledQuery>(500);

/**
 * Runs the query `build` makes, built and compiled once for `key`, which must name every value the query
 * depends on: for queries whose SQL follows their values (a list page's filters, sort and cursor), so that
 * only exact repeats are spared the ~40 µs of building and compiling. The first page of a list is one: every
 * visit to the list and every API poll asks it. Kept per database, for the last 500 keys.
 */
export async function compiledFor<R>(db: Executor, key: string, build: () => Compilable<R>): Promise<R[]> {
  let query = compiledByKey.get(db, key) as CompiledQuery<R> | undefined;
  if (!query) {
    query = build().compile();
    compiledByKey.set(db, key, query);
  }
  return (await db.executeQuery<R>({ ...query, queryId: createQueryId() })).rows;
}
