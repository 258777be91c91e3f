// What a search asks the trigram indexes for, and the exact test SQLite applies (the LIKE that comes before
// it is checked in an in-memory SQLite).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  asciiLikePattern,
  foldCase,
  likePattern,
  sqliteContains,
  trigramMatch,
  trigramsOf,
  trigramUsable,
} from './text-search.ts';

describe('text search', () => {
  it('cuts a text into its distinct lower-case trigrams, and has none under three characters', () => {
    expect(trigramsOf('Dupont')).toEqual(['dup', 'upo', 'pon', 'ont']);
    expect(trigramsOf('aaaa')).toEqual(['aaa']);
    expect(trigramsOf('ÉTÉ')).toEqual(['été']);
    expect(trigramsOf('ab')).toEqual([]);
    expect(trigramUsable('ab')).toBe(false);
    expect(trigramUsable('abc')).toBe(true);
  });

  it('keeps at most eight trigrams of a long text, the first and the last among them', () => {
    const t = trigramsOf('Livraison souhaitée avant la fin du mois');
    expect(t).toHaveLength(8);
    expect(t[0]).toBe('liv');
    expect(t[t.length - 1]).toBe('ois');
  });

  it('quotes each trigram for FTS5, doubling quotes, and can target one column', () => {
    expect(trigramMatch('a"b c')).toBe('"a""b" AND """b " AND "b c"');
    expect(trigramMatch('BK0', 'ref')).toBe('{ref} : ("bk0")');
    expect(trigramMatch('x')).toBeNull();
  });

  it('tests "contains" ignoring case, accents included, on any of the columns given', () => {
    expect(sqliteContains('recommandé', 'Courrier RECOMMANDÉ envoyé', null)).toBe(1);
    expect(sqliteContains('recommande', 'Courrier recommandé')).toBe(0);
    expect(sqliteContains('dup', null, 'BK1', 'Garage Dupont')).toBe(1);
    expect(sqliteContains('%', 'nothing here')).toBe(0);
    expect(sqliteContains(null, 'x')).toBe(0);
  });

  it('escapes LIKE wildcards for PostgreSQL so that they match themselves', () => {
    expect(likePattern('5 %_x\\')).toBe('%5 \\%\\_x\\\\%');
  });

  it("turns away rows with SQLite's LIKE on the text's ASCII part first, and never a row that contains it", () => {
    expect(asciiLikePattern('comptable')).toBe('%comptable%');
    expect(asciiLikePattern('recommandé')).toBe('%recommand%');
    expect(asciiLikePattern('5 %_x\\')).toBe('%5 \\%\\_x\\\\%');
    // "k" may be KELVIN SIGN; an "i" at the end may be the "i" of "İ".
    expect(asciiLikePattern('kiosk')).toBe('%_ios_%');
    expect(asciiLikePattern('taxi')).toBe('%tax_%');
    expect(asciiLikePattern('é')).toBeNull();
    expect(asciiLikePattern('x')).toBeNull();

    // Every character that folds (toLowerCase) into something with ASCII in it, and the ASCII letters, inside
    // a text; every piece of that folded text is a needle, whose pattern must match the text in SQLite.
    const tricky: string[] = [];
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (/[\p{ASCII}]/u.test(foldCase(ch))) tricky.push(ch);
    }
    expect(tricky.length).toBeGreaterThan(0);
    const letters = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));
    const cases: [string, string][] = [];
    for (const ch of [...tricky, ...letters, ...letters.map((l) => l.toLowerCase()), 'É', '%', '_', '\\']) {
      for (const text of [`Ta${ch}xi`, `${ch}k${ch}`, `i${ch}`, `${ch}`]) {
        const folded = foldCase(text);
        for (let from = 0; from < folded.length; from++)
          for (let to = from + 2; to <= folded.length; to++) cases.push([text, folded.slice(from, to)]);
      }
    }
    const db = new Database(':memory:');
    const like = db.prepare("select ? like ? escape '\\' as hit");
    let checked = 0;
    for (const [text, needle] of cases) {
      const pattern = asciiLikePattern(needle);
      if (!pattern || !sqliteContains(needle, text)) continue;
      checked++;
      expect({ text, needle, hit: like.get(text, pattern) }).toEqual({ text, needle, hit: { hit: 1 } });
    }
    expect(checked).toBeGreaterThan(500);
    db.close();
  });
});
