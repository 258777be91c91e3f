// Keyset pagination over a whitelisted sort expression plus id, with NULLs after values in ascending order.
import { type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { type Cursor, type CursorValue, decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { AppError } from '../shared/errors.ts';
import { compiledFor } from './compiled-once.ts';
import type { Executor } from './database.ts';

export interface SortColumn {
  /** Qualified column, e.g. `f.done_at`. */
  column: string;
  nullable: boolean;
  /** Sort on this expression of the column instead (it must match an index's expression exactly). */
  expression?: RawBuilder<unknown>;
}

export interface ParsedSort<K extends string> {
  key: K;
  desc: boolean;
  /** The `sort` parameter as given, which a cursor must match. */
  token: string;
}

export function parseSort<K extends string>(
  raw: string | undefined,
  fallback: string,
  allowed: Record<K, SortColumn>,
) {
  const token = raw ?? fallback;
  const desc = token.startsWith('-');
  const key = (desc ? token.slice(1) : token) as K;
  if (!Object.hasOwn(allowed, key)) {
    const message = `Unknown sort field "${key}"; use one of ${Object.keys(allowed).join(', ')}`;
    throw new AppError('bad_request', message, [{ path: 'sort', message }]);
  }
  return { key, desc, token } satisfies ParsedSort<K>;
}

export interface KeysetPlan {
  where: Expression<SqlBool> | null;
  orderBy: RawBuilder<unknown>[];
}

/**
 * Builds the WHERE (rows after the cursor) and ORDER BY for a sort column and the id column. In an ascending
 * sort on a nullable column, after a cursor with a value, the WHERE keeps the later values only: read through
 * readAfterCursor, which adds the empty rows.
 */
export function keysetPlan(
  sort: SortColumn,
  desc: boolean,
  idColumn: string,
  cursor: Cursor | null,
): KeysetPlan {
  const col = sort.expression ?? sql.ref(sort.column);
  const id = sql.ref(idColumn);
  const dir = desc ? sql`desc` : sql`asc`;
  const nulls = sort.nullable ? (desc ? sql` nulls first` : sql` nulls last`) : sql``;
  const orderBy = [sql`${col} ${dir}${nulls}`, sql`${id} ${dir}`];
  if (!cursor) return { where: null, orderBy };
  const v = cursor.value;
  let where: RawBuilder<SqlBool>;
  if (!desc) {
    // (With a value, only the rows with values after it: the empty ones that follow are read by a second
    // query, see readAfterCursor. The redundant first bound lets the index seek to the cursor.)
    where =
      v === null
        ? sql<SqlBool>`(${col} is null and ${id} > ${cursor.id})`
        : sql<SqlBool>`(${col} >= ${v} and (${col} > ${v} or (${col} = ${v} and ${id} > ${cursor.id})))`;
  } else {
    where =
      v === null
        ? sql<SqlBool>`((${col} is null and ${id} < ${cursor.id}) or ${col} is not null)`
        : sql<SqlBool>`(${col} <= ${v} and (${col} < ${v} or (${col} = ${v} and ${id} < ${cursor.id})))`;
  }
  return { where, orderBy };
}

/**
 * Reads the rows after a cursor with `read`, which applies keysetPlan. In an ascending sort on a column that
 * may be empty, the rows after a cursor with a value are those with a later value, then the empty ones (NULLS
 * LAST). As one condition (`… or col is null`) no index can seek to the cursor: SQLite scanned the index from
 * its start (61 ms for page 2 of the orders by next date at 1M, against 0.05 ms). keysetPlan gives the first
 * range only, and when it does not fill the page, the empty ones follow from their first (a cursor (null, 0):
 * ids start at 1). Every list with a nullable sort reads through this.
 */
export async function readAfterCursor<R>(
  sort: SortColumn,
  desc: boolean,
  cursor: Cursor | null,
  limit: number,
  read: (cursor: Cursor | null, limit: number) => Promise<R[]>,
): Promise<R[]> {
  const rows = await read(cursor, limit);
  if (!sort.nullable || desc || cursor === null || cursor.value === null || rows.length >= limit) return rows;
  return rows.concat(await read({ ...cursor, value: null, id: 0 }, limit - rows.length));
}

/**
 * A page of a filtered list after a cursor, in the sort's order: keysetPlan applied to `filtered`, read
 * through readAfterCursor. `emptyRows`: whether rows with an empty sort value may be kept (false when a
 * filter keeps only rows with a value, which spares the second read). `compiled`: the values `filtered`
 * follows from, to compile each page's query once for them (compiledFor).
 */
export function readKeysetPage<O>(
  // biome-ignore lint/suspicious/noExplicitAny: any tables; the sort and id columns are SQL references
  filtered: SelectQueryBuilder<any, any, O>,
  sort: SortColumn,
  desc: boolean,
  idColumn: string,
  cursor: Cursor | null,
  limit: number,
  emptyRows = sort.nullable,
  compiled: { db: Executor; key: string } | null = null,
): Promise<O[]> {
  return readAfterCursor({ ...sort, nullable: emptyRows }, desc, cursor, limit, (after, n) => {
    const page = () => {
      const plan = keysetPlan(sort, desc, idColumn, after);
      let q = plan.where ? filtered.where(plan.where) : filtered;
      for (const o of plan.orderBy) q = q.orderBy(o);
      return q.limit(n);
    };
    if (!compiled) return page().execute();
    return compiledFor(compiled.db, JSON.stringify([compiled.key, desc, after, n]), page);
  });
}

export function readCursor(raw: string | undefined, sortToken: string): Cursor | null {
  return raw ? decodeCursor(raw, sortToken) : null;
}

/** Given limit+1 fetched rows, returns the page and the cursor of its last row. */
export function pageOf<R>(
  rows: R[],
  limit: number,
  sortToken: string,
  keyOf: (row: R) => { value: CursorValue; id: number },
): { items: R[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  if (rows.length <= limit || !last) return { items, nextCursor: null };
  const k = keyOf(last);
  return { items, nextCursor: encodeCursor({ sort: sortToken, value: k.value, id: k.id }) };
}
