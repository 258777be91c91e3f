// Case-insensitive "contains" on both dialects, with LIKE wildcards in the user's text escaped.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Dialect } from './database.ts';

export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

export function containsText(dialect: Dialect, columns: string[], text: string): Expression<SqlBool> {
  const pattern = likePattern(text);
  const op = dialect === 'postgres' ? sql`ilike` : sql`like`;
  const parts = columns.map((c) => sql<SqlBool>`${sql.ref(c)} ${op} ${pattern} escape '\\'`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
