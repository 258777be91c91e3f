// Next follow-up dates offered by the Add form: the presets (in 2 days … 1 month) and the date a note asks for
// ("À rappeler dans 2 semaines", "call back on Monday"), read by chrono-node in French and English.
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';

export const NEXT_PRESETS = ['2d', '1w', '2w', '1m'] as const;
export type NextPreset = (typeof NEXT_PRESETS)[number];

const presetSpan: Record<NextPreset, { days?: number; weeks?: number; months?: number }> = {
  '2d': { days: 2 },
  '1w': { weeks: 1 },
  '2w': { weeks: 2 },
  '1m': { months: 1 },
};

export const isNextPreset = (v: unknown): v is NextPreset => NEXT_PRESETS.includes(v as NextPreset);

/** The date a preset gives, counted from a calendar day (the day the follow-up is done). */
export function presetDate(preset: NextPreset, fromDay: string): string {
  return DateTime.fromISO(fromDay).plus(presetSpan[preset]).toISODate() ?? fromDay;
}

export interface NoteDate {
  /** The calendar day (YYYY-MM-DD) in the deployment's zone. */
  date: string;
  /** The words of the note that gave it, e.g. "dans 2 semaines". */
  text: string;
}

/**
 * The next follow-up date a note asks for, read from `at` (the moment the follow-up is done) forwards.
 * Both languages are tried whatever the reader's locale, because a note's language is the writer's;
 * the longest match wins ("15 décembre" in French beats "15 d" read as English). Dates before `at`'s day
 * are ignored: a note saying when something happened is not a request to call back then.
 */
export function dateFromNote(note: string, at: Date, zone: string): NoteDate | null {
  const text = note.slice(0, 2_000);
  if (!text.trim()) return null;
  const ref = { instant: at, timezone: zone };
  const found = [
    ...chrono.fr.parse(text, ref, { forwardDate: true }),
    ...chrono.en.parse(text, ref, { forwardDate: true }),
  ];
  const today = DateTime.fromJSDate(at).setZone(zone).toISODate() ?? '';
  let best: NoteDate | null = null;
  for (const r of found) {
    const day = DateTime.fromJSDate(r.start.date()).setZone(zone).toISODate();
    if (!day || day < today) continue;
    if (!best || r.text.length > best.text.length) best = { date: day, text: r.text };
  }
  return best;
}
