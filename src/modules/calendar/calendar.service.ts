// Calendar feeds: each user's secret, revocable URL serving their upcoming follow-ups as iCalendar (RFC 5545).
import { randomBytes } from 'node:crypto';
import ical, { ICalCalendarMethod, ICalEventBusyStatus, ICalEventTransparency } from 'ical-generator';
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

/**
 * How far ahead the feed looks, and how many events it carries at most (the nearest first). Rendering
 * is synchronous (about 0.2 ms an event on an idle core), so the cap also bounds how long one feed
 * request holds the server.
 */
export const FEED_HORIZON_DAYS = 366;
export const FEED_MAX_EVENTS = 500;
/** Notes run up to 10,000 characters; the event shows their start, the link leads to the rest. */
export const FEED_NOTE_CHARS = 500;

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
  const calendar = ical({
    prodId: { company: 'Relance', product: 'Order follow-ups', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    // NAME and X-WR-CALNAME, written as given: parsers read them verbatim (ical.js does not unescape them).
    name: t('calendar.feedName', { name: user.name }),
    // REFRESH-INTERVAL and X-PUBLISHED-TTL: how often clients should fetch the feed again.
    ttl: 60 * 60,
  });
  for (const r of rows) {
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
      ...(r.note.trim()
        ? ['', `${t('calendar.event.lastNote')}:`, clip(r.note.trim(), FEED_NOTE_CHARS)]
        : []),
      '',
      link,
    ];
    calendar.createEvent({
      id: `order-${r.orderId}.${o.instance}@relance`,
      // Date-only strings: written as VALUE=DATE, the same day whatever the server's zone.
      start: day,
      end: DateTime.fromISO(day).plus({ days: 1 }).toISODate() ?? day,
      allDay: true,
      summary: t(overdue ? 'calendar.event.titleOverdue' : 'calendar.event.title', what),
      description: lines.join('\n'),
      url: link,
      transparency: ICalEventTransparency.TRANSPARENT,
      busystatus: ICalEventBusyStatus.FREE,
      // DTSTAMP: when this copy of the calendar was made (the feed is published with METHOD:PUBLISH).
      stamp: o.now,
      lastModified: r.changedAt ? new Date(r.changedAt) : null,
    });
  }
  // RFC 5545 ends every content line, the last one too, with CRLF; the library omits the final one.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
