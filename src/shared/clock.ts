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
  // Most instants asked about are today's (a follow-up recorded now): the day dayWindows keeps answers.
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const last = lastDayByZone.get(zone);
  if (last && t >= last.from && t < last.to) return last.windows.today;
  const d = typeof instant === 'string' ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant);
  return d.setZone(zone).toISODate() ?? '';
}

/** True for a real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const t = Date.parse(`${v}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === v;
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

/** Per zone, the last day's windows and the UTC span of that day, in milliseconds. */
const lastDayByZone = new Map<string, { from: number; to: number; windows: DayWindows }>();

/**
 * The windows depend only on the zone and the local day, and pages ask for them several times a request:
 * each zone's last day is kept with its span, so that most calls compare two numbers (luxon, and even an
 * Intl formatter, cost tens of microseconds a call).
 */
export function dayWindows(clock: Clock): DayWindows {
  const t = clock.now().getTime();
  const last = lastDayByZone.get(clock.zone);
  if (last && t >= last.from && t < last.to) return last.windows;
  const windows = Object.freeze(computeDayWindows(new Date(t), clock.zone));
  if (lastDayByZone.size > 100) lastDayByZone.clear();
  lastDayByZone.set(clock.zone, {
    from: Date.parse(windows.startOfTodayUtc),
    to: Date.parse(windows.startOfTomorrowUtc),
    windows,
  });
  return windows;
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

export interface RecentWeeks {
  /** Monday of each week in the zone, oldest first, the current week last (YYYY-MM-DD). */
  readonly mondays: readonly string[];
  /** The UTC instants at which each week starts, then the start of next week: one more than `mondays`. */
  readonly bounds: readonly string[];
}

/** Per zone and number of weeks, the current week's last answer and the UTC span of that week. */
const lastWeeksByKey = new Map<string, { from: number; to: number; weeks: RecentWeeks }>();

/**
 * The last `count` weeks (Monday 00:00 to Monday 00:00 in the clock's zone, so that a DST change moves no
 * day into the wrong week), the current one included. Kept per zone until the week ends, as dayWindows
 * keeps a day: the dashboard's chart asks on every page, and ~40 luxon calls cost ~0.2 ms.
 */
export function recentWeeks(clock: Clock, count: number): RecentWeeks {
  const t = clock.now().getTime();
  const key = `${clock.zone}|${count}`;
  const last = lastWeeksByKey.get(key);
  if (last && t >= last.from && t < last.to) return last.weeks;
  const thisWeek = DateTime.fromMillis(t).setZone(clock.zone).startOf('week');
  const starts = Array.from({ length: count + 1 }, (_, i) => thisWeek.minus({ weeks: count - 1 - i }));
  const weeks: RecentWeeks = Object.freeze({
    mondays: Object.freeze(starts.slice(0, count).map((d) => d.toISODate() ?? '')),
    bounds: Object.freeze(starts.map((d) => d.toUTC().toISO() ?? '')),
  });
  if (lastWeeksByKey.size > 100) lastWeeksByKey.clear();
  lastWeeksByKey.set(key, { from: thisWeek.toMillis(), to: (starts[count] as DateTime).toMillis(), weeks });
  return weeks;
}

/** Normalises any ISO 8601 date-time with offset to the stored UTC form. */
export function toUtcIso(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}
