// The next dates the Add form offers: presets, and the date a French or English note asks for.
import { describe, expect, it } from 'vitest';
import { dateFromNote, presetDate } from './followup-next-date.ts';

// Thursday 26 November 2026, 10:00 in Paris.
const at = new Date('2026-11-26T09:00:00Z');
const zone = 'Europe/Paris';

describe('next follow-up date', () => {
  it('counts presets from the day the follow-up is done, months by the calendar', () => {
    expect(presetDate('2d', '2026-11-26')).toBe('2026-11-28');
    expect(presetDate('1w', '2026-11-26')).toBe('2026-12-03');
    expect(presetDate('2w', '2026-11-26')).toBe('2026-12-10');
    expect(presetDate('1m', '2026-01-31')).toBe('2026-02-28');
  });

  it.each([
    ['Veut réfléchir. À rappeler dans 2 semaines', '2026-12-10', 'dans 2 semaines'],
    ['Absent, rappeler lundi', '2026-11-30', 'lundi'],
    ['Rappeler le 15 décembre', '2026-12-15', '15 décembre'],
    ['Wants to think it over. Call back in 2 weeks', '2026-12-10', 'in 2 weeks'],
    ['call back on Monday', '2026-11-30', 'on Monday'],
    ['Rappeler demain matin', '2026-11-27', 'demain matin'],
  ])('reads "%s" as %s', (note, date, text) => {
    expect(dateFromNote(note, at, zone)).toEqual({ date, text });
  });

  it('gives nothing for a note without a date, or only a past one', () => {
    expect(dateFromNote('Client satisfait, rien à faire', at, zone)).toBeNull();
    expect(dateFromNote('', at, zone)).toBeNull();
    expect(dateFromNote('Livré le 3 novembre 2026', at, zone)).toBeNull();
  });

  it('uses the deployment time zone for the day: 23:30 UTC is already the next day in Paris', () => {
    expect(dateFromNote('rappeler dans 2 jours', new Date('2026-11-25T23:30:00Z'), zone)?.date).toBe(
      '2026-11-28',
    );
  });
});
