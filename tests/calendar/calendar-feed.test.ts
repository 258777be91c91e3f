// A salesperson subscribes their calendar to Relance: the secret URL serves valid iCalendar with their
// follow-ups, and only theirs; replacing or turning off the address makes the old one answer 404.
import ICAL from 'ical.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { CSRF_FIELD, SESSION_COOKIE } from '../../src/auth/session-cookie.ts';
import {
  calendarPath,
  getCalendarSecret,
  regenerateCalendarSecret,
  revokeCalendarSecret,
} from '../../src/modules/calendar/calendar.service.ts';
import { createFollowup } from '../../src/modules/followups/followup.service.ts';
import { updateOrder } from '../../src/modules/orders/order.service.ts';
import { findUserById } from '../../src/modules/users/user.repository.ts';
import { createSession, createUser, setActive, toActor } from '../../src/modules/users/user.service.ts';
import { customer, order, type Person, person } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

const NOTE =
  'Rappeler lundi, pas avant; il a dit « non » à <b>tout</b> & plus\nDeuxième ligne: chemin C:\\devis\\2026 — ' +
  'une phrase assez longue pour dépasser soixante-quinze octets une fois encodée en UTF-8, évidemment.';

interface FeedEvent {
  uid: string;
  summary: string;
  start: string;
  startIsDate: boolean;
  end: string;
  description: string;
  url: string;
  dtstamp: string;
}

function parseFeed(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const events: FeedEvent[] = cal.getAllSubcomponents('vevent').map((v) => {
    const start = v.getFirstPropertyValue('dtstart') as ICAL.Time;
    const end = v.getFirstPropertyValue('dtend') as ICAL.Time;
    return {
      uid: String(v.getFirstPropertyValue('uid')),
      summary: String(v.getFirstPropertyValue('summary')),
      start: start.toString(),
      startIsDate: start.isDate,
      end: end.toString(),
      description: String(v.getFirstPropertyValue('description')),
      url: String(v.getFirstPropertyValue('url')),
      dtstamp: String(v.getFirstPropertyValue('dtstamp')),
    };
  });
  return { name: String(cal.getFirstPropertyValue('x-wr-calname')), events };
}

describeEachDialect('calendar feed', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let app: ReturnType<typeof createApp>;
  let manager: Person;
  let admin: Person;
  let alice: Person; // French-speaking salesperson
  let bob: Person;
  const ids: Record<string, number> = {};

  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // Thursday 26 November 2026, 10:00 in Paris.
    clock = testClock('2026-11-26T09:00:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    app = createApp(ctx);
    manager = await person(ctx, 'manon', 'manager', 'Durand, Manon; Ventes');
    admin = await person(ctx, 'root', 'admin', 'Root');
    const aliceUser = await createUser(ctx, null, {
      login: 'alice',
      name: 'Alice Martin',
      role: 'sales',
      locale: 'fr',
      email: 'alice@example.com',
      password: 'password-123',
    });
    alice = { user: aliceUser, actor: toActor(aliceUser), token: '' };
    bob = await person(ctx, 'bob', 'sales', 'Bob Vendeur');
    const boulangerie = await customer(ctx, 'Boulangerie Dupont, Fils & Cie', alice.user.id);
    const garage = await customer(ctx, 'Garage Bob', bob.user.id);

    const followUp = async (ref: string, customerId: number, nextAt: string | null, extra = {}) => {
      const o = await order(ctx, ref, customerId);
      ids[ref] = o.id;
      await createFollowup(ctx, manager.actor, {
        orderId: o.id,
        channel: 'phone',
        note: `Note de ${ref}`,
        doneAt: '2026-11-19T10:00:00+01:00',
        nextAt,
        assigneeId: alice.user.id,
        ...extra,
      });
      return o;
    };
    await followUp('CO-OVERDUE', boulangerie.id, '2026-11-20', { note: NOTE });
    await followUp('CO-TODAY', boulangerie.id, '2026-11-26');
    await followUp('CO-LATER', boulangerie.id, '2026-12-10');
    await followUp('CO-NO-DATE', boulangerie.id, null);
    const delivered = await followUp('CO-DELIVERED', boulangerie.id, '2026-11-24');
    await updateOrder(ctx, manager.actor, delivered.id, { status: 'delivered' });
    // Bob's: on his own customer, and one of Alice's customer's orders that the manager gave to Bob.
    await followUp('CO-BOB', garage.id, '2026-11-25', { assigneeId: bob.user.id });
    await followUp('CO-GIVEN-TO-BOB', boulangerie.id, '2026-11-26', { assigneeId: bob.user.id });
  });
  afterAll(async () => db?.drop());

  it('serves the user’s open, dated follow-ups as all-day events, overdue ones on today’s date', async () => {
    const secret = await regenerateCalendarSecret(ctx, alice.actor);
    const res = await get(calendarPath(secret));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain('\r\nVERSION:2.0\r\n');
    expect(text).toContain('\r\nMETHOD:PUBLISH\r\n');
    expect(text).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n');

    const feed = parseFeed(text);
    expect(feed.name).toBe('Relances · Alice Martin');
    expect(feed.events.map((e) => [e.summary, e.start, e.end])).toEqual([
      ['En retard\u00a0: relancer CO-OVERDUE · Boulangerie Dupont, Fils & Cie', '2026-11-26', '2026-11-27'],
      ['Relancer CO-TODAY · Boulangerie Dupont, Fils & Cie', '2026-11-26', '2026-11-27'],
      ['Relancer CO-LATER · Boulangerie Dupont, Fils & Cie', '2026-12-10', '2026-12-11'],
    ]);
    for (const e of feed.events) {
      expect(e.startIsDate).toBe(true);
      expect(e.dtstamp).toBe('2026-11-26T09:00:00Z');
    }
    expect(text).toMatch(/\r\nDTSTART;VALUE=DATE:20261126\r\n/);
    const overdue = feed.events[0]!;
    expect(overdue.url).toBe(`http://localhost/orders/${ids['CO-OVERDUE']}`);
    expect(overdue.description).toContain('Client: Boulangerie Dupont, Fils & Cie');
    expect(overdue.description).toContain('prévue le vendredi 20 novembre 2026');
    expect(overdue.description).toContain(`Dernière note:\n${NOTE}`);
    expect(overdue.description).toContain(`http://localhost/orders/${ids['CO-OVERDUE']}`);
  });

  it('escapes and folds the text as RFC 5545 says: lines of 75 octets at most, CRLF, special characters escaped', async () => {
    const secret = await getCalendarSecret(ctx, alice.actor);
    const text = await (await get(calendarPath(secret!))).text();
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain(
      'Rappeler lundi\\, pas avant\\; il a dit « non » à <b>tout</b> & plus\\nDeuxième',
    );
    expect(unfolded).toContain('C:\\\\devis\\\\2026');
    expect(unfolded).toContain('SUMMARY:Relancer CO-TODAY · Boulangerie Dupont\\, Fils & Cie\r\n');
  });

  it('keeps each order’s UID from one day to the next, and when its date changes', async () => {
    const secret = (await getCalendarSecret(ctx, alice.actor))!;
    const before = parseFeed(await (await get(calendarPath(secret))).text()).events;
    clock.set('2026-11-27T07:00:00Z');
    await createFollowup(ctx, alice.actor, {
      orderId: ids['CO-LATER']!,
      channel: 'email',
      note: 'Relancé par e-mail',
      nextAt: '2026-12-15',
    });
    const after = parseFeed(await (await get(calendarPath(secret))).text()).events;
    clock.set('2026-11-26T09:00:00Z');
    const uidOf = (events: FeedEvent[], ref: string) => events.find((e) => e.summary.includes(ref))?.uid;
    for (const ref of ['CO-OVERDUE', 'CO-TODAY', 'CO-LATER']) {
      expect(uidOf(after, ref), ref).toBe(uidOf(before, ref));
      expect(uidOf(after, ref), ref).toMatch(/^order-\d+\.[0-9a-f]{16}@relance$/);
    }
    expect(new Set(after.map((e) => e.uid)).size).toBe(after.length);
    expect(after.find((e) => e.summary.includes('CO-LATER'))?.start).toBe('2026-12-15');
    // The next day, yesterday's "today" is overdue and moves along to the new today.
    expect(after.find((e) => e.summary.includes('CO-TODAY'))).toMatchObject({
      start: '2026-11-27',
      summary: expect.stringContaining('En retard'),
    });
  });

  it('never shows other users’ orders', async () => {
    const aliceFeed = await (await get(calendarPath((await getCalendarSecret(ctx, alice.actor))!))).text();
    for (const ref of ['CO-BOB', 'CO-GIVEN-TO-BOB', 'CO-NO-DATE', 'CO-DELIVERED'])
      expect(aliceFeed).not.toContain(ref);
    const bobFeed = parseFeed(
      await (await get(calendarPath(await regenerateCalendarSecret(ctx, bob.actor)))).text(),
    );
    // Bob, in English; the order on Alice's customer is not his to see, so it is not in his calendar either.
    expect(bobFeed.name).toBe('Relance follow-ups · Bob Vendeur');
    expect(bobFeed.events.map((e) => e.summary)).toEqual(['Overdue: follow up CO-BOB · Garage Bob']);
    // A manager, who sees every customer, gets an empty but valid calendar.
    const managerFeed = parseFeed(
      await (await get(calendarPath(await regenerateCalendarSecret(ctx, manager.actor)))).text(),
    );
    expect(managerFeed.events).toEqual([]);
    expect(managerFeed.name).toBe('Relance follow-ups · Durand, Manon; Ventes');
  });

  it('answers 404 to an unknown, malformed, replaced or turned-off address, and for a deactivated user', async () => {
    const first = (await getCalendarSecret(ctx, alice.actor))!;
    expect((await get(calendarPath('A'.repeat(43)))).status).toBe(404);
    expect((await get('/calendar/not-a-secret.ics')).status).toBe(404);
    expect((await get(`/calendar/${first}`)).status).toBe(404);
    const second = await regenerateCalendarSecret(ctx, alice.actor);
    expect(second).not.toBe(first);
    expect(second.length).toBeGreaterThanOrEqual(22); // 128 bits or more, base64url
    expect((await get(calendarPath(first))).status).toBe(404);
    expect((await get(calendarPath(second))).status).toBe(200);
    await revokeCalendarSecret(ctx, alice.actor);
    expect((await get(calendarPath(second))).status).toBe(404);
    expect(await getCalendarSecret(ctx, alice.actor)).toBeNull();

    const bobSecret = (await getCalendarSecret(ctx, bob.actor))!;
    expect((await get(calendarPath(bobSecret))).status).toBe(200);
    await setActive(ctx, admin.actor, bob.user.id, false);
    expect((await get(calendarPath(bobSecret))).status).toBe(404);
    await setActive(ctx, admin.actor, bob.user.id, true);
  });

  it('lets the user see, create, replace and turn off their address on /me/calendar', async () => {
    const session = await createSession(ctx, alice.user.id);
    const cookie = `${SESSION_COOKIE}=${session.cookie}`;
    const post = (path: string, body: Record<string, string>) =>
      app.request(path, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });

    const account = await (await get('/me', { cookie })).text();
    expect(account).toContain('<a href="/me/calendar">Réglages de l’agenda et de l’e-mail du matin</a>');

    let page = await (await get('/me/calendar', { cookie })).text();
    expect(page).toContain('Votre agenda et l’e-mail du matin');
    expect(page).toContain('Créer mon adresse d’agenda');

    const refused = await post('/me/calendar/regenerate', {});
    expect(refused.status).toBe(403);
    // The page comes back whole, in the layout, saying why nothing was done.
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('<title>Votre agenda et l’e-mail du matin · ');
    expect(refusedPage).toContain(
      '<p role="alert" class="field-error">Le formulaire a expiré. Vérifiez votre saisie et validez à nouveau.</p>',
    );
    expect(refusedPage).toContain('Créer mon adresse d’agenda');
    expect(await getCalendarSecret(ctx, alice.actor)).toBeNull();

    const created = await post('/me/calendar/regenerate', { [CSRF_FIELD]: session.csrf });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/me/calendar?done=created');
    page = await (await get('/me/calendar?done=created', { cookie })).text();
    const url = /value="(http:\/\/localhost\/calendar\/[A-Za-z0-9_-]+\.ics)"/.exec(page)?.[1];
    expect(url).toBeDefined();
    expect(page).toContain('Votre nouvelle adresse d’agenda est prête');
    expect(page).toContain(`href="${url!.replace('http:', 'webcal:')}"`);
    expect((await get(url!)).status).toBe(200);

    await post('/me/calendar/regenerate', { [CSRF_FIELD]: session.csrf });
    expect((await get(url!)).status).toBe(404);

    await post('/me/calendar/revoke', { [CSRF_FIELD]: session.csrf });
    page = await (await get('/me/calendar?done=revoked', { cookie })).text();
    expect(page).toContain('Votre adresse d’agenda est désactivée.');
    expect(page).not.toMatch(/\/calendar\/[A-Za-z0-9_-]+\.ics/);
    expect((await findUserById(ctx.database.db, alice.user.id))?.calendar_secret).toBeNull();
  });

  it('sends people without a session to the login page', async () => {
    const res = await get('/me/calendar');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fme%2Fcalendar');
  });
});
