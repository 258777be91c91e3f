// Opaque keyset cursors: the last row's sort value and id, base64url-encoded JSON.
import { AppError } from './errors.ts';

export type CursorValue = string | number | null;

export interface Cursor {
  sort: string;
  value: CursorValue;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.value, c.id])).toString('base64url');
}

/** The 400 for a cursor that is not one of ours, or names a row that is not there. */
export function invalidCursor(): AppError {
  return new AppError('bad_request', 'Invalid cursor', [{ path: 'cursor', message: 'Invalid cursor' }]);
}

export function decodeCursor(raw: string, expectedSort: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalidCursor();
  const [sort, value, id] = parsed as unknown[];
  if (sort !== expectedSort)
    throw new AppError('bad_request', 'The cursor belongs to another sort order', [
      { path: 'cursor', message: 'The cursor belongs to another sort order' },
    ]);
  if (typeof id !== 'number' || !Number.isInteger(id)) throw invalidCursor();
  if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw invalidCursor();
  return { sort, value, id };
}
