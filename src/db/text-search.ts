// Text search for `q=`: a case-insensitive "contains" on both dialects, helped by trigram indexes so that
// it does not read every row (FTS5 trigram tables on SQLite, pg_trgm GIN indexes on PostgreSQL).
// See docs/decisions/0400-search-and-scale.md for the two query shapes and how one is chosen.
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect, Executor } from './database.ts';

/**
 * Below this many candidate rows from the trigram indexes, a search reads the candidates and sorts them;
 * from this many on, matches are common enough that walking the list's sort index and testing each row
 * finds a page sooner. Balances the two costs on a million follow-ups (see the decision record).
 */
export const SPARSE_CANDIDATES_MAX = 4000;

/**
 * When a follow-up search walks its list on SQLite, the orders (by ref) and customers (by name) that contain
 * the text are tested by id, up to this many of each; beyond, the walk tests the joined columns.
 */
export const WALKED_PARENTS_MAX = 1000;

/**
 * The thresholds in use. Tests set `sparseCandidatesMax` to 0 to take the "walk the list" path with any text,
 * and `walkedParentsMax` to 0 to walk testing the joined columns as soon as an order or customer matches.
 */
export const searchTuning = {
  sparseCandidatesMax: SPARSE_CANDIDATES_MAX,
  walkedParentsMax: WALKED_PARENTS_MAX,
};

/** The SQLite function behind containsText, registered on every connection by openDatabase. */
export const SQLITE_CONTAINS_FUNCTION = 'relance_contains';

/** Case folding shared by the SQLite function and the needle it is given. */
export const foldCase = (text: string): string => text.toLowerCase();

/** relance_contains(needle, haystack...): 1 when a haystack contains the (already folded) needle. */
export function sqliteContains(needle: unknown, ...haystacks: unknown[]): number {
  if (typeof needle !== 'string') return 0;
  for (const h of haystacks) if (typeof h === 'string' && foldCase(h).includes(needle)) return 1;
  return 0;
}

export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/**
 * A LIKE pattern that every text containing `needle` (already folded) matches in SQLite, whose LIKE folds
 * ASCII letters only: the needle's longest run of ASCII characters, or null when it has fewer than two. It
 * lets SQLite's own LIKE, in C, turn away most rows before the exact test calls into JavaScript.
 * Two characters outside ASCII fold into ASCII (toLowerCase): KELVIN SIGN into "k", and "İ" into "i" plus a
 * combining dot. So a "k" of the run matches any one character, and so does an "i" that ends the run (an "i"
 * followed by another ASCII character cannot come from "İ"). A test checks this against every character.
 */
export function asciiLikePattern(needle: string): string | null {
  let best = '';
  let run = '';
  for (const ch of `${needle}\u0080`) {
    if (ch.charCodeAt(0) < 0x80) run += ch;
    else {
      if (run.length > best.length) best = run;
      run = '';
    }
  }
  if (best.length < 2) return null;
  const last = best.length - 1;
  let pattern = '';
  for (let i = 0; i <= last; i++) {
    const ch = best[i] as string;
    if (ch === 'k' || (ch === 'i' && i === last)) pattern += '_';
    else pattern += ch === '\\' || ch === '%' || ch === '_' ? `\\${ch}` : ch;
  }
  return `%${pattern}%`;
}

/**
 * The exact condition: one of the columns contains the text, ignoring case (Unicode case, on both dialects;
 * accents count). PostgreSQL uses ILIKE; SQLite a registered function, since its LIKE folds ASCII only,
 * after a LIKE on the text's ASCII part (asciiLikePattern) that turns away most rows more cheaply.
 */
export function containsText(dialect: Dialect, columns: string[], text: string): Expression<SqlBool> {
  if (dialect === 'sqlite') {
    const needle = foldCase(text);
    const cols = columns.map((c) => sql.ref(c));
    const exact = sql<SqlBool>`${sql.raw(SQLITE_CONTAINS_FUNCTION)}(${needle}, ${sql.join(cols)})`;
    const pattern = asciiLikePattern(needle);
    if (!pattern) return exact;
    // (`+?`, not `?`: SQLite reads a pattern bound to `like ?` when it prepares the statement, and then
    // prepares it again on every run; see inline-limits.ts.)
    const likes = cols.map((c) => sql<SqlBool>`${c} like +${pattern} escape '\\'`);
    return sql<SqlBool>`((${sql.join(likes, sql` or `)}) and ${exact})`;
  }
  const pattern = likePattern(text);
  const parts = columns.map((c) => sql<SqlBool>`${sql.ref(c)} ilike ${pattern} escape '\\'`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** Trigrams a search asks the index for: up to this many, spread over the text. */
const MAX_TRIGRAMS = 8;

/** Trigrams a search asks the index for its candidates (fewCandidates): fewer, so cheaper; a superset is fine. */
export const PROBE_TRIGRAMS = 3;

/** The distinct trigrams of a text (case-folded), or [] when it is shorter than three characters. */
export function trigramsOf(text: string, max = MAX_TRIGRAMS): string[] {
  const chars = Array.from(foldCase(text));
  const all: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) {
    const t = chars.slice(i, i + 3).join('');
    if (!all.includes(t)) all.push(t);
  }
  if (all.length <= max) return all;
  // Spread the picks so that both ends of the text are represented.
  const picked: string[] = [];
  for (let k = 0; k < max; k++) {
    const t = all[Math.round((k * (all.length - 1)) / Math.max(1, max - 1))] as string;
    if (!picked.includes(t)) picked.push(t);
  }
  return picked;
}

/**
 * An FTS5 MATCH expression for a trigram table that selects every row containing the text (and possibly a
 * few that do not: the caller keeps containsText as the exact test), optionally on one column; null when
 * the text is too short for trigrams.
 */
export function trigramMatch(text: string, column?: string, max = MAX_TRIGRAMS): string | null {
  const terms = trigramsOf(text, max).map((t) => `"${t.replace(/"/g, '""')}"`);
  if (terms.length === 0) return null;
  const all = terms.join(' AND ');
  return column ? `{${column}} : (${all})` : all;
}

/** True when PostgreSQL's pg_trgm can narrow an ILIKE on this text (three characters or more). */
export const trigramUsable = (text: string): boolean => Array.from(text).length >= 3;

/** The few rows a search may match, from fewCandidates. */
export interface Candidates {
  /** The condition "this id column (e.g. `f.id`) is one of the candidates". */
  of(idColumn: string): Expression<SqlBool>;
  /** True when they are the exact matches (PostgreSQL's ILIKE), so the text needs no second test. */
  exact: boolean;
  /** How many there are. */
  size: number;
}

/**
 * A list's conditions for a search on `columns`: the exact test (containsText), unless the candidates are
 * already the exact matches, and the candidates when there are few.
 */
export function searchConditions(
  dialect: Dialect,
  columns: string[],
  text: string,
  candidates: Candidates | null,
  idColumn: string,
): Expression<SqlBool>[] {
  const w: Expression<SqlBool>[] = [];
  if (!candidates?.exact) w.push(containsText(dialect, columns, text));
  if (candidates) w.push(candidates.of(idColumn));
  return w;
}

/**
 * PostgreSQL: how many rows the planner expects from a query (EXPLAIN, not run). For ILIKE on a column with
 * a trigram index the estimate comes from the column's statistics; Infinity when there is none.
 */
async function plannedRows(db: Executor, query: RawBuilder<unknown>): Promise<number> {
  const plan = await sql<{
    'QUERY PLAN': { Plan: { 'Plan Rows': number } }[];
  }>`explain (format json) ${query}`.execute(db);
  return Number(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? Number.POSITIVE_INFINITY);
}

/**
 * Restricts a search to a few candidate rows, or says that its text is too common for that. Below `max`
 * (SPARSE_CANDIDATES_MAX unless given) candidates the caller restricts its list to them and sorts the few matches; null
 * means "search by walking the list in its sort order", for common texts and texts too short for trigrams.
 * `candidates` selects an `id` column from the trigram indexes. On SQLite it is built from PROBE_TRIGRAMS of
 * the text: a superset, cheaper to read, and fine since the exact test stays in the list query. On PostgreSQL
 * it must select exactly the rows containsText matches (the same ILIKE on the same columns).
 *
 * The candidates are read once, with a LIMIT, and handed to the list query as a list of ids, which does not
 * read the trigram indexes again:
 * - SQLite: as a JSON array that json_each reads back;
 * - PostgreSQL: as an array parameter (`= any`), after asking the planner how many there are: a GIN bitmap is
 *   built whole before any LIMIT applies (30 ms for a common word at 1M). The list query with the candidates'
 *   query inside took 4 ms to plan, with an array 1-1.5 ms. The candidates' queries there are the exact
 *   matches (ILIKE on the columns containsText tests): they come back `exact`, and searchConditions does not
 *   test the text again (planning those ILIKEs cost ~3.5 ms more on the follow-ups' list).
 */
export async function fewCandidates(
  db: Executor,
  dialect: Dialect,
  candidates: RawBuilder<unknown> | null,
  max = searchTuning.sparseCandidatesMax,
): Promise<Candidates | null> {
  if (!candidates || max <= 0) return null;
  if (dialect === 'postgres') {
    if ((await plannedRows(db, candidates)) >= max) return null;
    const found = await sql<{ id: number }>`${candidates} limit ${sql.lit(max)}`.execute(db);
    if (found.rows.length >= max) return null;
    const ids = found.rows.map((r) => Number(r.id));
    return {
      of: (column) => sql<SqlBool>`${sql.ref(column)} = any(${ids}::integer[])`,
      exact: true,
      size: ids.length,
    };
  }
  // One row whatever the count: the ids joined in SQLite, as the JSON array json_each reads them back.
  const r = await sql<{ n: number; ids: string | null }>`select count(*) as n, group_concat(id) as ids
    from (${candidates} limit ${sql.lit(max)}) x`.execute(db);
  const row = r.rows[0];
  if (!row || Number(row.n) >= max) return null;
  const json = `[${row.ids ?? ''}]`;
  return {
    of: (column) => sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${json}))`,
    exact: false,
    size: Number(row.n),
  };
}
