// CSV that Excel opens correctly: UTF-8 with a BOM (else Excel reads Windows-1252), CRLF line ends, the
// delimiter of the reader's locale, and text cells that cannot run as formulas (CSV injection).
import { stringify } from 'csv-stringify/sync';

export const DELIMITERS = { semicolon: ';', comma: ',', tab: '\t' } as const;
export type DelimiterName = keyof typeof DELIMITERS;
export type Delimiter = (typeof DELIMITERS)[DelimiterName];

export const BOM = '\ufeff';

/**
 * A text cell a spreadsheet would take for a formula (= + - @, or a leading tab or carriage return, which
 * some readers strip) gets a leading apostrophe, as OWASP advises: it shows as text and never runs.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The inverse, for imports: a file exported by Relance (or so protected) reads back as it was written. */
export function restoreNeutralised(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/** A cell: text is neutralised; numbers and values Relance formats itself (dates, amounts) are `raw`. */
export type Cell = string | number | null | { raw: string };

const cellText = (c: Cell): string =>
  c === null ? '' : typeof c === 'number' ? String(c) : typeof c === 'string' ? neutralise(c) : c.raw;

/** Rows as CSV text, each line ending in CRLF; quotes only where a cell needs them. */
export function csvLines(rows: Cell[][], delimiter: Delimiter): string {
  return stringify(
    rows.map((r) => r.map(cellText)),
    // csv-stringify quotes a cell holding the record delimiter (CRLF) but not a bare LF or CR, which
    // spreadsheets also take for a line end: quote those too.
    { delimiter, record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  );
}
