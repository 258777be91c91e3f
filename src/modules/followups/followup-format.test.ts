import { describe, expect, it } from 'vitest';
import { showDateTime, showDay, showShortDay } from './followup-format.ts';

describe('dates as the reader writes them', () => {
  it('shows a day in French and in English, from a date or the date of an instant', () => {
    expect(showDay('fr', '2026-12-10')).toBe('10 déc. 2026');
    expect(showDay('en', '2026-12-10')).toBe('10 Dec 2026');
    expect(showDay('fr', '2026-12-10T23:30:00.000Z')).toBe('10 déc. 2026');
    expect(showDay('fr', null)).toBe('');
    expect(showShortDay('fr', '2026-11-23')).toBe('23 nov.');
    expect(showShortDay('en', '2026-11-23')).toBe('23 Nov');
  });

  it('shows an instant in the zone asked for, each language and zone remembered apart', () => {
    const at = '2026-11-28T17:05:00.000Z';
    expect(showDateTime('fr', at, 'Europe/Paris')).toBe('28 nov. 2026, 18:05');
    expect(showDateTime('fr', at, 'America/Montreal')).toBe('28 nov. 2026, 12:05');
    expect(showDateTime('en', at, 'Europe/Paris')).toBe('28 Nov 2026, 18:05');
    // Asked again, in another order: the same answers.
    expect(showDateTime('fr', at, 'America/Montreal')).toBe('28 nov. 2026, 12:05');
    expect(showDateTime('fr', at, 'Europe/Paris')).toBe('28 nov. 2026, 18:05');
  });

  it('shows what it was given when it is not a date', () => {
    expect(showDay('fr', 'pas une date')).toBe('pas une date');
    expect(showDateTime('en', 'never', 'Europe/Paris')).toBe('never');
  });
});
