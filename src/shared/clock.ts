// Time and the calendar day in the deployment's time zone; injected so that tests can fix "now".
import { DateTime } from 'luxon';

export interface Clock {
  now(): Date;
  /** The IANA zone that defines "today" (env TZ, default the machine's). */
  readonly zone: string;
}

export const systemClock = (zone?: string): Clock => ({
  now: () => new Date(),
  zone: zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
});

export const fixedClock = (iso: string, zone = 'Europe/Paris'): Clock => ({
  now: () => new Date(iso),
  zone,
});

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayOf(instant: Date | string, zone: string): string {
  const d = typeof instant === 'string' ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant);
  return d.setZone(zone).toISODate() ?? '';
}

export interface DayWindows {
  today: string;
  /** Sunday of the current ISO week (weeks start on Monday, as in France). */
  endOfWeek: string;
  /** UTC instants bounding today and this week, for date-time columns. */
  startOfTodayUtc: string;
  startOfTomorrowUtc: string;
  startOfWeekUtc: string;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const windowsByDay = new Map<string, DayWindows>();

/**
 * The windows depend only on the zone and the local day, and pages ask for them several times a request:
 * they are kept per zone and day (found with a cached Intl formatter, much cheaper than luxon).
 */
export function dayWindows(clock: Clock): DayWindows {
  const instant = clock.now();
  let format = dayFormats.get(clock.zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: clock.zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(clock.zone, format);
  }
  const key = `${clock.zone}|${format.format(instant)}`;
  const known = windowsByDay.get(key);
  if (known) return known;
  const computed = Object.freeze(computeDayWindows(instant, clock.zone));
  if (windowsByDay.size > 100) windowsByDay.clear();
  windowsByDay.set(key, computed);
  return computed;
}

function computeDayWindows(instant: Date, zone: string): DayWindows {
  const now = DateTime.fromJSDate(instant).setZone(zone);
  const today = now.startOf('day');
  const week = now.startOf('week');
  return {
    today: today.toISODate() ?? '',
    endOfWeek: week.plus({ days: 6 }).toISODate() ?? '',
    startOfTodayUtc: today.toUTC().toISO() ?? '',
    startOfTomorrowUtc: today.plus({ days: 1 }).toUTC().toISO() ?? '',
    startOfWeekUtc: week.toUTC().toISO() ?? '',
  };
}

/** Normalises any ISO 8601 date-time with offset to the stored UTC form. */
export function toUtcIso(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}
