import { describe, expect, it } from 'vitest';
import { localInputValue, showDateTime, showDay, showShortDay } from './followup-format.ts';

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

describe('the value of the Date field', () => {
  it('is the wall-clock minute of the instant in the zone, as luxon printed it', async () => {
    const { DateTime } = await import('luxon');
    const luxon = (ms: number, zone: string) =>
      DateTime.fromMillis(ms).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
    const zones = ['Europe/Paris', 'UTC', 'America/Montreal', 'Asia/Kolkata', 'Pacific/Chatham'];
    // Every 7 hours and 13 minutes for two years, through the changes of summer time, then odd instants.
    const instants: number[] = [];
    for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2027, 0, 1); ms += (7 * 60 + 13) * 60_000)
      instants.push(ms);
    instants.push(
      Date.UTC(2026, 2, 29, 0, 59, 59, 999),
      Date.UTC(2026, 2, 29, 1, 0),
      Date.UTC(2026, 9, 25, 0, 30),
    );
    instants.push(Date.UTC(2026, 11, 31, 23, 59, 30), Date.UTC(987, 5, 1, 12, 0));
    for (const zone of zones)
      for (const ms of instants) {
        expect(localInputValue(new Date(ms), zone), `${new Date(ms).toISOString()} ${zone}`).toBe(
          luxon(ms, zone),
        );
        expect(localInputValue(new Date(ms).toISOString(), zone)).toBe(luxon(ms, zone));
      }
    expect(localInputValue('2026-11-28T18:05:00+01:00', 'Europe/Paris')).toBe('2026-11-28T18:05');
    expect(localInputValue('2026-11-28T17:05:59.999Z', 'Europe/Paris')).toBe('2026-11-28T18:05');
    expect(localInputValue('2026-11-28T17:05:30.000Z', 'UTC')).toBe('2026-11-28T17:05');
    expect(localInputValue('2026-11-28T17:06:00.000Z', 'UTC')).toBe('2026-11-28T17:06');
  });
});
