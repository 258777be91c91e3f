import { describe, expect, it } from 'vitest';
import { csvLines, neutralise, restoreNeutralised } from './csv-write.ts';

describe('CSV cells for spreadsheets', () => {
  it('prefixes an apostrophe to text a spreadsheet would run as a formula, and only to that', () => {
    for (const formula of ['=1+1', '+33 6 12', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])
      expect(neutralise(formula)).toBe(`'${formula}`);
    for (const text of ['Boulangerie', '1+1', "'déjà", '', ' =1']) expect(neutralise(text)).toBe(text);
  });

  it('takes the apostrophe off again on import, and nothing else', () => {
    for (const text of ['=1+1', '-2', '@x', 'Boulangerie', "'quoted"])
      expect(restoreNeutralised(neutralise(text))).toBe(text);
  });

  it('writes CRLF lines, quoting only cells that need it, numbers and own values as they are', () => {
    expect(
      csvLines(
        [
          ['a;b', 'say "hi"', 'two\nlines', 12, null, { raw: '-12,50' }, '-12,50'],
          ['plain', '', '', 0, null, { raw: '01/12/2026' }, 'x'],
        ],
        ';',
      ),
    ).toBe(`"a;b";"say ""hi""";"two\nlines";12;;-12,50;'-12,50\r\nplain;;;0;;01/12/2026;x\r\n`);
  });
});
