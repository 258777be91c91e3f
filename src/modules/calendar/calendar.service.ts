// Calendar feeds: each user's secret, revocable URL serving their upcoming follow-ups as iCalendar (RFC 5545).
import { randomBytes } from 'node:crypto';
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import type { Actor } from '../../auth/permissions.ts';
import { scopeFor } from '../../auth/scope.ts';
import { randomSecret } from '../../auth/secrets.ts';
import { type Core, nowIso } from '../../core.ts';
import type { UserRow } from '../../db/schema/users.table.ts';
import { dayWindows } from '../../shared/clock.ts';
import { notFound } from '../../shared/errors.ts';
import { translator } from '../../web/i18n/i18n.ts';
import { getOrCreateSetting } from '../settings/settings.repository.ts';
import { findUserById } from '../users/user.repository.ts';
import { toActor } from '../users/user.service.ts';
import { type AgendaRow, listAgenda } from './agenda.repository.ts';
import { findUserByCalendarSecret, setCalendarSecret } from './calendar.repository.ts';
import { formatDay, orderLink } from './links.ts';

/** How far ahead the feed looks, and how many events it carries at most (the nearest first). */
export const FEED_HORIZON_DAYS = 366;
export const FEED_MAX_EVENTS = 2000;

/** What randomSecret() makes: 256 bits in base64url. Anything else is refused before touching the database. */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const calendarPath = (secret: string): string => `/calendar/${secret}.ics`;

/** The user's current feed secret, or null when they have none (never created, or turned off). */
export async function getCalendarSecret(core: Core, actor: Actor): Promise<string | null> {
  const row = await findUserById(core.database.db, actor.id);
  if (!row) throw notFound('User');
  return row.calendar_secret;
}

/** Creates the user's feed secret, or replaces it: the previous URL stops working at once. */
export async function regenerateCalendarSecret(core: Core, actor: Actor): Promise<string> {
  const secret = randomSecret();
  await setCalendarSecret(core.database.db, actor.id, secret, nowIso(core));
  return secret;
}

/** Turns the feed off: the URL answers 404 until a new one is created. */
export async function revokeCalendarSecret(core: Core, actor: Actor): Promise<void> {
  await setCalendarSecret(core.database.db, actor.id, null, nowIso(core));
}

/**
 * The iCalendar text of the feed behind `secret`, or null when no active user holds it (unknown, replaced,
 * turned off, or the user was deactivated). `base` is the public address links point to.
 */
export async function calendarFeed(core: Core, secret: string, base: string): Promise<string | null> {
  if (!SECRET_SHAPE.test(secret)) return null;
  const user = await findUserByCalendarSecret(core.database.db, secret);
  if (user?.active !== 1) return null;
  const today = dayWindows(core.clock).today;
  const until = DateTime.fromISO(today).plus({ days: FEED_HORIZON_DAYS }).toISODate() ?? today;
  const scope = await scopeFor(core, toActor(user));
  const rows = await listAgenda(core.database.db, user.id, scope, { to: until }, FEED_MAX_EVENTS);
  const instance = await getOrCreateSetting(core.database.db, 'instance_id', randomBytes(8).toString('hex'));
  return renderFeed(user, rows, { today, base, instance, now: core.clock.now() });
}

export interface FeedOptions {
  /** The deployment's today: overdue follow-ups are placed on it, so that they are not lost in the past. */
  today: string;
  base: string;
  /** Random id of this deployment, so that UIDs are unique across Relance installations. */
  instance: string;
  now: Date;
}

/** Pure: one all-day event per order, with a UID that stays the same as long as the order exists. */
export function renderFeed(
  user: Pick<UserRow, 'name' | 'locale'>,
  rows: AgendaRow[],
  o: FeedOptions,
): string {
  const t = translator(user.locale);
  const events: EventAttributes[] = rows.map((r) => {
    const overdue = r.nextAt < o.today;
    const day = overdue ? o.today : r.nextAt;
    const link = orderLink(o.base, r.orderId);
    const what = { ref: r.ref, customer: r.customerName };
    const lines = [
      `${t('calendar.event.customer')}: ${r.customerName}`,
      `${t('calendar.event.order')}: ${r.ref}`,
      overdue
        ? t('calendar.event.overdueSince', { date: formatDay(r.nextAt, user.locale) })
        : `${t('calendar.event.due')}: ${formatDay(r.nextAt, user.locale)}`,
      ...(r.note.trim() ? ['', `${t('calendar.event.lastNote')}:`, r.note.trim()] : []),
      '',
      link,
    ];
    return {
      uid: `order-${r.orderId}.${o.instance}@relance`,
      start: dateArray(day),
      end: dateArray(DateTime.fromISO(day).plus({ days: 1 }).toISODate() ?? day),
      title: t(overdue ? 'calendar.event.titleOverdue' : 'calendar.event.title', what),
      description: lines.join('\n'),
      url: link,
      transp: 'TRANSPARENT',
      busyStatus: 'FREE',
      ...(r.changedAt ? { lastModified: Date.parse(r.changedAt) } : {}),
      // DTSTAMP: when this copy of the calendar was made (the feed is published with METHOD:PUBLISH).
      timestamp: o.now.getTime(),
    } as EventAttributes;
  });
  const { error, value } = createEvents(events, {
    productId: '-//Relance//Order follow-ups//EN',
    method: 'PUBLISH',
    calName: escapeText(t('calendar.feedName', { name: user.name })),
  });
  if (error || value === null) throw error ?? new Error('The calendar could not be built');
  return foldByOctets(value);
}

function dateArray(day: string): DateArray {
  const [y, m, d] = day.split('-').map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

/** TEXT escaping of RFC 5545 §3.3.11, for the one header value the library passes through unescaped. */
const escapeText = (s: string): string => s.replace(/[\\;,]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, '\\n');

/**
 * RFC 5545 §3.1 limits lines to 75 octets; the library folds at 75 characters, which French text with
 * accents overruns. Unfold, then fold again by UTF-8 length without splitting a character.
 */
export function foldByOctets(ics: string): string {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .map(foldLine)
    .join('\r\n');
}

function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (size + n > limit) {
      parts.push(current);
      current = ch;
      size = n;
      limit = 74; // continuation lines start with a space, which counts
    } else {
      current += ch;
      size += n;
    }
  }
  parts.push(current);
  return parts.join('\r\n ');
}
