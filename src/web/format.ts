// Numbers and dates shown the way the reader's language writes them (Intl), in the deployment's time zone.
import type { Locale } from './i18n/i18n.ts';

const tags: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const moneyFormats = new Map<string, Intl.NumberFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** 1250.5 EUR → "1 250,50 €" (fr) or "€1,250.50" (en). An unknown currency code falls back to the plain number. */
export function formatMoney(locale: Locale, amount: string | number, currency: string): string {
  const key = `${locale}:${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(tags[locale], { style: 'currency', currency });
    } catch {
      f = new Intl.NumberFormat(tags[locale], { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(key, f);
  }
  return f.format(Number(amount));
}

function dayFormat(locale: Locale, zone: string): Intl.DateTimeFormat {
  const key = `${locale}:${zone}`;
  let f = dayFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tags[locale], { dateStyle: 'medium', timeZone: zone });
    dayFormats.set(key, f);
  }
  return f;
}

/** An ISO calendar date (2026-12-01) → "1 déc. 2026" / "1 Dec 2026"; empty for null. */
export function formatDate(locale: Locale, isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDate : dayFormat(locale, 'UTC').format(d);
}

/** The calendar day of an instant in `zone`, written for the locale. */
export function formatDay(locale: Locale, isoInstant: string | null | undefined, zone: string): string {
  if (!isoInstant) return '';
  const d = new Date(isoInstant);
  return Number.isNaN(d.getTime()) ? isoInstant : dayFormat(locale, zone).format(d);
}

/** An instant with its time of day, in `zone`. */
export function formatDateTime(locale: Locale, isoInstant: string | null | undefined, zone: string): string {
  if (!isoInstant) return '';
  const d = new Date(isoInstant);
  if (Number.isNaN(d.getTime())) return isoInstant;
  return new Intl.DateTimeFormat(tags[locale], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: zone,
  }).format(d);
}
