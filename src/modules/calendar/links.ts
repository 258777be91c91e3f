// Links back to Relance from outside it (calendar events, e-mails), and days written for people.
import { DateTime } from 'luxon';
import type { Config } from '../../config.ts';
import type { Locale } from '../../db/schema/users.table.ts';

/**
 * The address users open: RELANCE_PUBLIC_URL when set (behind a proxy it must be), else the origin the
 * request came to, else http://HOST:PORT (the digest has no request).
 */
export function publicBase(
  config: Pick<Config, 'RELANCE_PUBLIC_URL' | 'HOST' | 'PORT'>,
  requestUrl?: string,
) {
  if (config.RELANCE_PUBLIC_URL) return config.RELANCE_PUBLIC_URL.replace(/\/+$/, '');
  if (requestUrl) return new URL(requestUrl).origin;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

export const orderLink = (base: string, orderId: number): string => `${base}/orders/${orderId}`;

/** "jeudi 26 novembre 2026" / "Thursday, November 26, 2026". */
export function formatDay(day: string, locale: Locale): string {
  return DateTime.fromISO(day, { locale }).toLocaleString(DateTime.DATE_HUGE);
}

/** "26 nov." / "Nov 26": short, for lists. */
export function formatShortDay(day: string, locale: Locale): string {
  return DateTime.fromISO(day, { locale }).toLocaleString({ day: 'numeric', month: 'short' });
}
