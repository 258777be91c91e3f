// What an import tells its user: counts when it went through, every rejected line when it did not.
import type { Encoding } from './csv-read.ts';
import type { ImportKind } from './import-columns.ts';

/** Codes let the web page say the reason in French or English; `message` is the English text. */
export type RejectionCode =
  | 'csv_syntax'
  | 'empty_file'
  | 'unknown_header'
  | 'duplicate_header'
  | 'missing_column'
  | 'too_many_cells'
  | 'required'
  | 'bad_date'
  | 'bad_datetime'
  | 'bad_number'
  | 'bad_value'
  | 'invalid'
  | 'unknown_customer'
  | 'ambiguous_customer'
  | 'unknown_order'
  | 'unknown_user'
  | 'ambiguous_user'
  | 'inactive_user'
  | 'duplicate_line'
  | 'conflict'
  | 'note_too_long'
  | 'next_before_done';

export interface Rejection {
  line: number;
  /** The column as the file names it, or '' for the whole line. */
  column: string;
  code: RejectionCode;
  message: string;
  params: Record<string, string | number>;
}

export interface ImportReport {
  kind: ImportKind;
  encoding: Encoding | null;
  delimiter: string | null;
  /** Data lines read (the header excluded). */
  lines: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Empty when the import went through; otherwise nothing was written. */
  rejected: Rejection[];
}

export type ImportPhase = 'check' | 'write';
export type ImportProgress = (phase: ImportPhase, done: number, total: number) => void;

/** One line, one-line English summary: "line 7, column "Date commande": …". */
export function describeRejection(r: Rejection): string {
  const where = r.column ? `line ${r.line}, column "${r.column}"` : `line ${r.line}`;
  return `${where}: ${r.message}`;
}

export function summary(report: ImportReport): string {
  return `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`;
}
