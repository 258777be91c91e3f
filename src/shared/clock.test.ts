import { describe, expect, it } from 'vitest';
import { dayOf, dayWindows, fixedClock, isCalendarDate, recentWeeks } from './clock.ts';

describe('the calendar day of the deployment', () => {
  it('is the local day in Paris even when UTC is still on the previous day', () => {
    // 23:30 UTC on 30 Nov is 00:30 on 1 Dec in Paris.
    expect(dayOf('2026-11-30T23:30:00Z', 'Europe/Paris')).toBe('2026-12-01');
    expect(dayOf('2026-11-30T23:30:00Z', 'UTC')).toBe('2026-11-30');
    expect(dayOf('2026-12-01T03:00:00Z', 'America/Montreal')).toBe('2026-11-30');
  });

  it('gives today, the end of the ISO week (Sunday) and UTC bounds for date-time columns', () => {
    const w = dayWindows(fixedClock('2026-11-26T10:00:00Z', 'Europe/Paris')); // a Thursday
    expect(w.today).toBe('2026-11-26');
    expect(w.endOfWeek).toBe('2026-11-29');
    expect(w.startOfTodayUtc).toBe('2026-11-25T23:00:00.000Z');
    expect(w.startOfTomorrowUtc).toBe('2026-11-26T23:00:00.000Z');
    expect(w.startOfWeekUtc).toBe('2026-11-22T23:00:00.000Z'); // Monday 23 Nov, 00:00 Paris
  });

  it('handles the day the clocks change', () => {
    // 29 March 2026: Paris moves from UTC+1 to UTC+2; the day lasts 23 hours.
    const w = dayWindows(fixedClock('2026-03-29T12:00:00Z', 'Europe/Paris'));
    expect(w.startOfTodayUtc).toBe('2026-03-28T23:00:00.000Z');
    expect(w.startOfTomorrowUtc).toBe('2026-03-29T22:00:00.000Z');
  });

  it('starts the week on Monday: on a Sunday the week ends today', () => {
    const w = dayWindows(fixedClock('2026-11-29T10:00:00Z', 'Europe/Paris'));
    expect(w.today).toBe('2026-11-29');
    expect(w.endOfWeek).toBe('2026-11-29');
  });

  it('turns to the next day at local midnight, and back, whatever it gave just before', () => {
    const at = (iso: string, zone = 'Europe/Paris') => dayWindows(fixedClock(iso, zone)).today;
    expect(at('2026-11-26T22:59:59.999Z')).toBe('2026-11-26');
    expect(at('2026-11-26T23:00:00.000Z')).toBe('2026-11-27');
    expect(at('2026-11-26T22:59:59.999Z')).toBe('2026-11-26');
    expect(at('2026-11-26T23:00:00.000Z', 'UTC')).toBe('2026-11-26');
    expect(at('2026-11-26T23:00:00.000Z')).toBe('2026-11-27');
    expect(at('2026-03-29T21:59:59.999Z')).toBe('2026-03-29');
    expect(at('2026-03-29T22:00:00.000Z')).toBe('2026-03-30');
  });

  it("gives an instant's day from today's kept span, and the right day just outside it", () => {
    dayWindows(fixedClock('2026-11-26T10:00:00Z', 'Europe/Paris')); // keeps 26 Nov, 25 Nov 23:00Z to 26 Nov 23:00Z
    expect(dayOf('2026-11-25T23:00:00.000Z', 'Europe/Paris')).toBe('2026-11-26');
    expect(dayOf('2026-11-26T22:59:59.999Z', 'Europe/Paris')).toBe('2026-11-26');
    expect(dayOf('2026-11-25T22:59:59.999Z', 'Europe/Paris')).toBe('2026-11-25');
    expect(dayOf('2026-11-26T23:00:00.000Z', 'Europe/Paris')).toBe('2026-11-27');
    expect(dayOf(new Date('2026-11-26T12:00:00Z'), 'Europe/Paris')).toBe('2026-11-26');
    // Another zone does not read Paris's day.
    expect(dayOf('2026-11-26T23:30:00Z', 'UTC')).toBe('2026-11-26');
    expect(dayOf('2026-11-26T02:00:00Z', 'America/Montreal')).toBe('2026-11-25');
  });
});

describe("the chart's recent weeks", () => {
  it('end with the current week, Monday to Monday in the zone, one bound more than weeks', () => {
    const w = recentWeeks(fixedClock('2026-11-26T10:00:00Z', 'Europe/Paris'), 3); // a Thursday
    expect(w.mondays).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
    expect(w.bounds).toEqual([
      '2026-11-08T23:00:00.000Z',
      '2026-11-15T23:00:00.000Z',
      '2026-11-22T23:00:00.000Z',
      '2026-11-29T23:00:00.000Z',
    ]);
  });

  it('follow the clocks when they change within the weeks', () => {
    // Paris moved to UTC+2 on Sunday 29 March 2026: the Mondays before start at 23:00Z, after at 22:00Z.
    const w = recentWeeks(fixedClock('2026-04-01T10:00:00Z', 'Europe/Paris'), 2);
    expect(w.mondays).toEqual(['2026-03-23', '2026-03-30']);
    expect(w.bounds).toEqual([
      '2026-03-22T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      '2026-04-05T22:00:00.000Z',
    ]);
  });

  it('turn to the next week at Monday 00:00 local time, and back, whatever they gave just before', () => {
    const last = (iso: string, zone = 'Europe/Paris') =>
      recentWeeks(fixedClock(iso, zone), 12).mondays.at(-1);
    expect(last('2026-11-29T22:59:59.999Z')).toBe('2026-11-23'); // Sunday 23:59:59 in Paris
    expect(last('2026-11-29T23:00:00.000Z')).toBe('2026-11-30'); // Monday 00:00 in Paris
    expect(last('2026-11-29T22:59:59.999Z')).toBe('2026-11-23');
    expect(last('2026-11-29T23:00:00.000Z', 'UTC')).toBe('2026-11-23'); // still Sunday in UTC
    expect(last('2026-11-29T23:00:00.000Z', 'Asia/Kolkata')).toBe('2026-11-30'); // Monday 04:30 there
    expect(recentWeeks(fixedClock('2026-11-29T23:00:00.000Z', 'Europe/Paris'), 2).mondays).toEqual([
      '2026-11-23',
      '2026-11-30',
    ]);
  });
});

describe('a calendar date typed YYYY-MM-DD', () => {
  it('is a real day of the calendar', () => {
    for (const day of ['2026-11-28', '2024-02-29', '2026-12-31', '2027-01-01'])
      expect(isCalendarDate(day), day).toBe(true);
    for (const day of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-11-00'])
      expect(isCalendarDate(day), day).toBe(false);
    for (const text of ['28/11/2026', '2026-11-28T10:00', '2026-1-28', '', 'demain'])
      expect(isCalendarDate(text), text).toBe(false);
  });
});
