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

/** An instant's wall-clock reading in a zone, two digits a field (the year as Intl prints it). */
export interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

/** Intl formatters by zone: building one costs far more than using it, and luxon several times more. */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of an instant (milliseconds) in `zone`; for a valid instant. */
export function wallClock(ms: number, zone: string): WallClock {
  let f = wallClockFormats.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallClockFormats.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(ms)) parts[p.type] = p.value;
  return parts as unknown as WallClock;
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayOf(instant: Date | string, zone: string): string {
  // Most instants asked about are today's (a follow-up recorded now): the day dayWindows keeps answers.
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const kept = dayWindowsOfZone.kept(zone, t);
  if (kept) return kept.today;
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

/** A value that holds for a span of instants [from, to), in milliseconds. */
interface Spanned<T> {
  from: number;
  to: number;
  value: T;
}

/**
 * Keeps, per key, the last value computed and the span of instants it holds for, so that most calls compare
 * two numbers (luxon, and even an Intl formatter, cost tens of microseconds a call). For values that depend
 * only on the zone and the local day or week, which pages ask for on every request.
 */
function keptForItsSpan<T>() {
  const last = new Map<string, Spanned<T>>();
  /** The value kept for `key` if it holds at `t`. */
  const kept = (key: string, t: number): T | undefined => {
    const v = last.get(key);
    return v && t >= v.from && t < v.to ? v.value : undefined;
  };
  /** The value kept for `key` if it holds at `t`, else the one `compute` gives, then kept. */
  const get = (key: string, t: number, compute: () => Spanned<T>): T => {
    const hit = kept(key, t);
    if (hit !== undefined) return hit;
    const fresh = compute();
    if (last.size > 100) last.clear();
    last.set(key, fresh);
    return fresh.value;
  };
  return { kept, get };
}

const dayWindowsOfZone = keptForItsSpan<DayWindows>();

/** The zone's today and this week; kept per zone until the day ends (pages ask several times a request). */
export function dayWindows(clock: Clock): DayWindows {
  const t = clock.now().getTime();
  return dayWindowsOfZone.get(clock.zone, t, () => {
    const windows = Object.freeze(computeDayWindows(new Date(t), clock.zone));
    return {
      from: Date.parse(windows.startOfTodayUtc),
      to: Date.parse(windows.startOfTomorrowUtc),
      value: windows,
    };
  });
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

const recentWeeksOfZone = keptForItsSpan<RecentWeeks>();

/**
 * The last `count` weeks (Monday 00:00 to Monday 00:00 in the clock's zone, so that a DST change moves no
 * day into the wrong week), the current one included. Kept per zone until the week ends: the dashboard's
 * chart asks on every page, and ~40 luxon calls cost ~0.2 ms.
 */
export function recentWeeks(clock: Clock, count: number): RecentWeeks {
  const t = clock.now().getTime();
  return recentWeeksOfZone.get(`${clock.zone}|${count}`, t, () => {
    const thisWeek = DateTime.fromMillis(t).setZone(clock.zone).startOf('week');
    const starts = Array.from({ length: count + 1 }, (_, i) => thisWeek.minus({ weeks: count - 1 - i }));
    const weeks: RecentWeeks = Object.freeze({
      mondays: Object.freeze(starts.slice(0, count).map((d) => d.toISODate() ?? '')),
      bounds: Object.freeze(starts.map((d) => d.toUTC().toISO() ?? '')),
    });
    return { from: thisWeek.toMillis(), to: (starts[count] as DateTime).toMillis(), value: weeks };
  });
}

/** Normalises any ISO 8601 date-time with offset to the stored UTC form. */
export function toUtcIso(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}
