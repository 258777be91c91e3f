// Dates of follow-ups as the reader's language writes them, in the deployment's time zone, and the
// datetime-local form value of an instant (what the Date field shows and sends).
import { DateTime } from 'luxon';
import { wallClock } from '../../shared/clock.ts';
import type { Locale } from '../../web/i18n/i18n.ts';

const tags: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: Locale, zone: string, withTime: boolean, weekday = false): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${withTime}|${weekday}`;
  let f = formats.get(key);
  if (!f) {
    f = weekday
      ? new Intl.DateTimeFormat(tags[locale], {
          weekday: 'long',
          day: 'numeric',
          month: 'long',
          timeZone: zone,
        })
      : new Intl.DateTimeFormat(tags[locale], {
          dateStyle: 'medium',
          ...(withTime ? { timeStyle: 'short' } : {}),
          timeZone: zone,
        });
    formats.set(key, f);
  }
  return f;
}

/**
 * Formatted dates by their input, one table per language and zone: Intl formatting costs a few microseconds
 * a call and a list page shows a hundred dates, mostly the same ones page after page. Looking a date up
 * under its own string, rather than a key joined from language, zone and date, spares building and hashing
 * a new string each time (issue 4). Bounded: a table is emptied when it holds 20,000 entries.
 */
const days: Record<Locale, Map<string, string>> = { fr: new Map(), en: new Map() };
const shortDays: Record<Locale, Map<string, string>> = { fr: new Map(), en: new Map() };
const instants: Record<Locale, Map<string, Map<string, string>>> = { fr: new Map(), en: new Map() };
function instantsIn(locale: Locale, zone: string): Map<string, string> {
  let table = instants[locale].get(zone);
  if (table === undefined) {
    table = new Map();
    instants[locale].set(zone, table);
  }
  return table;
}
function remembered(table: Map<string, string>, input: string, compute: () => string): string {
  let text = table.get(input);
  if (text === undefined) {
    if (table.size >= 20_000) table.clear();
    text = compute();
    table.set(input, text);
  }
  return text;
}

/** 2026-12-10 → "10 déc. 2026" / "10 Dec 2026". */
export function showDay(locale: Locale, isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const day = isoDate.length === 10 ? isoDate : isoDate.slice(0, 10);
  return remembered(days[locale], day, () => {
    const d = new Date(`${day}T12:00:00Z`);
    return Number.isNaN(d.getTime()) ? isoDate : format(locale, 'UTC', false).format(d);
  });
}

/** 2026-12-10 → "jeudi 10 décembre" / "Thursday 10 December". */
export function showDayLong(locale: Locale, isoDate: string): string {
  const d = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDate : format(locale, 'UTC', false, true).format(d);
}

/** An instant with its time of day (to the minute), in `zone`. */
export function showDateTime(locale: Locale, iso: string, zone: string): string {
  return remembered(instantsIn(locale, zone), iso, () => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : format(locale, zone, true).format(d);
  });
}

/** The last Date field's value: every form that logs a follow-up opens on the current minute. */
let lastInput = { minute: Number.NaN, zone: '', value: '' };

/** The value a datetime-local input shows for an instant, in `zone` (2026-11-26T10:00). */
export function localInputValue(instant: Date | string, zone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) {
    const d = typeof instant === 'string' ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant);
    return d.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
  }
  const minute = Math.floor(ms / 60_000);
  if (lastInput.minute === minute && lastInput.zone === zone) return lastInput.value;
  const w = wallClock(ms, zone);
  const value = `${w.year.padStart(4, '0')}-${w.month}-${w.day}T${w.hour}:${w.minute}`;
  lastInput = { minute, zone, value };
  return value;
}

/** A datetime-local value read in `zone`, as an ISO date-time with offset; null when it is not one. */
export function fromLocalInput(value: string, zone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  const d = DateTime.fromISO(value, { zone });
  return d.isValid ? d.toISO() : null;
}

/** 2026-11-23 → "23 nov." / "23 Nov", for chart axes. */
export function showShortDay(locale: Locale, isoDate: string): string {
  return remembered(shortDays[locale], isoDate, () => {
    const key = `${locale}|short`;
    let f = formats.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(tags[locale], { day: 'numeric', month: 'short', timeZone: 'UTC' });
      formats.set(key, f);
    }
    const d = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
    return Number.isNaN(d.getTime()) ? isoDate : f.format(d);
  });
}
