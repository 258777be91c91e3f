import { describe, expect, it } from 'vitest';
import { timestamptzToIso } from './database.ts';

describe('timestamps read from PostgreSQL', () => {
  it('are the same ISO strings Date would give, for UTC sessions and anything else', () => {
    const samples = [
      '2026-11-27 10:00:00+00',
      '2026-11-27 10:00:00.5+00',
      '2026-11-27 10:00:00.123+00',
      '2026-11-27 10:00:00.123456+00',
      '2026-11-27 10:00:00.000999+00',
      '2024-02-29 23:59:59.999+00',
      '1999-12-31 00:00:00.01+00',
      '2026-11-27 11:00:00+01',
      '2026-11-27 05:30:00.25-04:30',
    ];
    for (const v of samples) expect(timestamptzToIso(v), v).toBe(new Date(v).toISOString());
  });

  it('gives ISO 8601 with milliseconds and Z, as SQLite stores them', () => {
    expect(timestamptzToIso('2026-11-27 10:00:00.5+00')).toBe('2026-11-27T10:00:00.500Z');
    expect(timestamptzToIso('2026-11-27 11:00:00+01')).toBe('2026-11-27T10:00:00.000Z');
  });
});
