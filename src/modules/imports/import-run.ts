// The two phases every import runs. First every line is checked, before anything is written: one rejected
// line (named by its line and column) and the whole file is refused. Then the new and changed records are
// written in one transaction, each with its audit entry.
import type { Executor } from '../../db/database.ts';
import { recordAudit, recordAudits } from '../audit/audit.repository.ts';
import type { CsvFile, CsvRow } from './csv-read.ts';
import type { HeaderMap } from './import-columns.ts';
import type { ImportProgress, Rejection } from './import-report.ts';
import { type ImportEnv, type ImportOutcome, LineReader, Rejections } from './import-support.ts';

/** A line of the file with its cells by field. */
export interface FileLine<F extends string> {
  row: CsvRow;
  cells: Partial<Record<F, string>>;
}

/** Lines whose cells go beyond the header, non-empty: the file is shifted or has a stray delimiter. */
function checkWidth(row: CsvRow, width: number, out: Rejections): boolean {
  const extra = row.cells.slice(width).filter((c) => c.trim() !== '').length;
  if (!extra) return true;
  out.add(
    row.line,
    '',
    'too_many_cells',
    `This line has ${row.cells.length} cells but the header has ${width}; check the delimiters and quotes`,
    { cells: row.cells.length, width },
  );
  return false;
}

function progressEvery(progress: ImportProgress, total: number) {
  return (done: number) => {
    if (done === total || done % 500 === 0) progress('check', done, total);
  };
}

/**
 * Checks every line: its width, then `plan`, which reads it (rejecting through the reader) and returns what to
 * write, or undefined for a rejected line. Either every line is planned, or the rejections are returned.
 */
export function checkLines<F extends string, P>(
  env: ImportEnv,
  file: CsvFile,
  map: HeaderMap<F>,
  lines: FileLine<F>[],
  plan: (r: LineReader<F>) => P | undefined,
): { planned: P[] } | { rejected: Rejection[] } {
  const out = new Rejections();
  const planned: P[] = [];
  const tick = progressEvery(env.progress, lines.length);
  lines.forEach(({ row, cells }, i) => {
    tick(i + 1);
    if (!checkWidth(row, file.header.length, out)) return;
    const p = plan(new LineReader(map, row, cells, out));
    if (p !== undefined) planned.push(p);
  });
  return out.count ? { rejected: out.list } : { planned };
}

/** What lines claim (a record, a code, a natural key): a line may not claim what an earlier line did. */
export class LineClaims {
  private readonly seen = new Map<string, number>();

  /** Claims the keys for this line, or rejects it as a duplicate of the first earlier line claiming one. */
  take<F extends string>(r: LineReader<F>, keys: string[], message: (earlier: number) => string): boolean {
    const earlier = keys.map((k) => this.seen.get(k)).find((l) => l !== undefined);
    if (earlier !== undefined) {
      r.reject(null, 'duplicate_line', message(earlier), { other: earlier });
      return false;
    }
    for (const k of keys) this.seen.set(k, r.row.line);
    return true;
  }
}

/** The planned lines split: new records, changed ones (`change` gives the update, null if none), unchanged. */
export function splitPlanned<P extends { existing: unknown }, U>(
  planned: P[],
  change: (p: P, existing: NonNullable<P['existing']>) => U | null,
): Split<P, U> {
  const creates = planned.filter((p) => !p.existing);
  const updates: U[] = [];
  let unchanged = 0;
  for (const p of planned) {
    const was = p.existing;
    if (!was) continue;
    const u = change(p, was as NonNullable<P['existing']>);
    if (u === null) unchanged++;
    else updates.push(u);
  }
  return { creates, updates, unchanged };
}

export interface Split<P, U> {
  creates: P[];
  updates: U[];
  unchanged: number;
}

export interface Writes<P, R, U> {
  entity: 'customer' | 'order' | 'followup';
  insert(tx: Executor, creates: P[]): Promise<R[]>;
  /** The same key from an inserted row and from its planned line, to give each created audit entry its id. */
  rowKey(row: R): string;
  plannedKey(p: P): string;
  update(tx: Executor, u: U): Promise<void>;
  /** Runs after the writes, in the same transaction. */
  finish?(tx: Executor): Promise<void>;
}

/** Writes the new and changed records in one transaction, with their audit entries, reporting progress. */
export async function writePlanned<
  P extends { line: number; values: object },
  R extends { id: number },
  U extends { id: number; set: object; before: unknown },
>(env: ImportEnv, split: Split<P, U>, w: Writes<P, R, U>): Promise<ImportOutcome> {
  const { creates, updates, unchanged } = split;
  const total = creates.length + updates.length + unchanged;
  const userId = env.actor?.id ?? null;
  await env.core.database.db.transaction().execute(async (tx) => {
    const inserted = await w.insert(tx, creates);
    env.progress('write', inserted.length, total);
    const idOf = new Map(inserted.map((row) => [w.rowKey(row), row.id]));
    await recordAudits(
      tx,
      creates.map((p) => ({
        entity: w.entity,
        entityId: idOf.get(w.plannedKey(p)) ?? 0,
        action: 'create' as const,
        userId,
        at: env.at,
        after: { ...p.values, importedFromLine: p.line },
      })),
    );
    let done = inserted.length;
    for (const u of updates) {
      await w.update(tx, u);
      await recordAudit(tx, {
        entity: w.entity,
        entityId: u.id,
        action: 'update',
        userId,
        at: env.at,
        before: u.before,
        after: u.set,
      });
      if (++done % 500 === 0) env.progress('write', done, total);
    }
    await w.finish?.(tx);
    env.progress('write', total, total);
  });
  return { rejected: [], created: creates.length, updated: updates.length, unchanged };
}
