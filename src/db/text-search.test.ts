// What a search asks the trigram indexes for, and the exact test SQLite applies (no database needed).
import { describe, expect, it } from 'vitest';
import { likePattern, sqliteContains, trigramMatch, trigramsOf, trigramUsable } from './text-search.ts';

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
});
