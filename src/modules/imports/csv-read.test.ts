import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, decode, detectDelimiter, readCsv } from './csv-read.ts';

describe('reading a spreadsheet export', () => {
  it('tells UTF-8 (with or without BOM), UTF-16 and Windows-1252 apart', () => {
    const text = 'Raison sociale;Ville\r\nSociété d’Œnologie;Mâcon\r\n';
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(decode(bom)).toEqual({ text, encoding: 'utf-8' });
    expect(decode(Buffer.from(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decode(iconv.encode(text, 'win1252'))).toEqual({ text, encoding: 'windows-1252' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    expect(decode(utf16)).toEqual({ text, encoding: 'utf-16le' });
  });

  it('picks the delimiter that splits the header, ignoring those inside quotes', () => {
    expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectDelimiter('a,b,c\n1;2;3')).toBe(',');
    expect(detectDelimiter('"a;x",b,c\n')).toBe(',');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(detectDelimiter('name\n')).toBe(';');
  });

  it('numbers rows by the line they start on, as a spreadsheet does, across multi-line cells and blank lines', () => {
    for (const eol of ['\r\n', '\n']) {
      const text = ['Nom;Note', 'A;"dé', 'lignes"', '', ';', 'B;x', 'C;"y"', ''].join(eol);
      const file = readCsv(Buffer.from(text));
      expect(file.header).toEqual(['Nom', 'Note']);
      expect(file.rows).toEqual([
        { line: 2, cells: ['A', `dé${eol}lignes`] },
        { line: 6, cells: ['B', 'x'] },
        { line: 7, cells: ['C', 'y'] },
      ]);
    }
  });

  it('names the line where a broken quote starts', () => {
    const at = (text: string) => {
      try {
        readCsv(Buffer.from(text));
      } catch (err) {
        if (err instanceof CsvSyntaxError) return [err.line, err.message];
        throw err;
      }
      return null;
    };
    expect(at('Nom;Ville\r\nA;Paris\r\n"B;Lyon\r\nC;D\r\n')).toEqual([
      3,
      'A quote (") opened on this line is never closed',
    ]);
    expect(at('Nom;Ville\r\nA;Paris\r\n\r\nB;"Ly\r\non"x\r\nC;D\r\n')?.[0]).toBe(4);
  });
});
