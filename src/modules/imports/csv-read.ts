// Turns the bytes of a spreadsheet export into rows of cells with their line numbers: detects the encoding
// (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252) and the delimiter (; , or tab).
import { CsvError, parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ';' | ',' | '\t';

export interface CsvRow {
  /** Line of the file where the row starts (the header is line 1), as a spreadsheet numbers it. */
  line: number;
  cells: string[];
}

export interface CsvFile {
  encoding: Encoding;
  delimiter: Delimiter;
  header: string[];
  rows: CsvRow[];
}

/** A problem with the file as a whole, at a line (e.g. an unclosed quote). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export function decode(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  try {
    // Windows-1252 text with accents is almost never valid UTF-8, so a strict decode tells them apart.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'win1252'), encoding: 'windows-1252' };
  }
}

/** The delimiter that splits the header line into the most cells, quotes respected; `;` wins ties. */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++;
  }
  const order: Delimiter[] = [';', '\t', ','];
  return order.reduce((best, d) => (counts[d] > counts[best] ? d : best), ';');
}

/** Maps byte offsets of the UTF-8 text to 1-based line numbers (\r\n, \n and \r end a line). */
function lineIndex(buf: Buffer): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0d && buf[i + 1] === 0x0a) i++;
    if (buf[i] === 0x0a || buf[i] === 0x0d) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

type Info = { bytes: number; raw?: string };

export function readCsv(bytes: Uint8Array): CsvFile {
  const { text, encoding } = decode(bytes);
  const delimiter = detectDelimiter(text);
  // csv-parse counts offsets in UTF-8 bytes; its own line counter miscounts CRLF inside quoted cells.
  const buf = Buffer.from(text, 'utf8');
  const lineOf = lineIndex(buf);
  let records: { record: string[]; info: Info }[];
  let lastEnd = 0;
  try {
    records = parse(text, {
      delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      on_record: (record, context) => {
        lastEnd = context.bytes;
        return record;
      },
    }) as unknown as typeof records;
  } catch (err) {
    if (err instanceof CsvError) {
      // The broken record starts on the first non-blank line after the last record read whole.
      let start = lastEnd;
      while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
      const message =
        err.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'A quote (") opened on this line is never closed'
          : err.message.replace(/ at line \d+/, '');
      throw new CsvSyntaxError(lineOf(start), message);
    }
    throw err;
  }
  const rows: CsvRow[] = records.map((r) => {
    // The raw text ends where the record does, short of the \n of a CRLF record delimiter.
    const raw = Buffer.byteLength(r.info.raw ?? '');
    const crlfTail = buf[r.info.bytes - 1] === 0x0a && (r.info.raw ?? '').endsWith('\r') ? 1 : 0;
    return { line: lineOf(r.info.bytes - raw - crlfTail), cells: r.record };
  });
  const first = rows.shift();
  return { encoding, delimiter, header: first ? first.cells.map((h) => h.trim()) : [], rows };
}
