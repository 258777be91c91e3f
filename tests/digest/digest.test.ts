// The morning digest, told from the inbox: a real SMTP server started here receives what Relance sends.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { runDigestCommand } from '../../src/modules/digest/digest.cli.ts';
import { mailerFromConfig } from '../../src/modules/digest/digest.mailer.ts';
import { findDigestSend } from '../../src/modules/digest/digest.repository.ts';
import { digestTick, startDigestScheduler } from '../../src/modules/digest/digest.scheduler.ts';
import {
  DIGEST_LIST_MAX,
  previewDigests,
  sendDigests,
  setDigestHour,
  setDigestOptIn,
} from '../../src/modules/digest/digest.service.ts';
import { createFollowup } from '../../src/modules/followups/followup.service.ts';
import { createUser, toActor } from '../../src/modules/users/user.service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { customer, order, type Person, person } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { type Received, type SmtpSink, startSmtpSink } from './smtp-sink.ts';

const BASE = 'https://relance.example.com';
const SCRIPT_NOTE = 'Client fâché, dit <script>alert(1)</script> & « rappeler » ; voir devis';

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the run to fail');
}

describeEachDialect('morning digest', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: AppContext;
  let sink: SmtpSink;
  let mailCtx: AppContext;
  let manager: Person;
  let admin: Person;
  const people: Record<string, Person> = {};
  const orderIds: Record<string, number> = {};

  const member = async (login: string, name: string, locale: 'fr' | 'en', email: string | null) => {
    const user = await createUser(ctx, null, {
      login,
      name,
      role: 'sales',
      locale,
      email,
      password: 'password-123',
    });
    const p: Person = { user, actor: toActor(user), token: '' };
    people[login] = p;
    return p;
  };
  const due = async (ref: string, assignee: Person, nextAt: string, note = `Note ${ref}`) => {
    const c = await customer(ctx, `Client de ${assignee.user.name}`, assignee.user.id);
    const o = await order(ctx, ref, c.id);
    orderIds[ref] = o.id;
    await createFollowup(ctx, manager.actor, {
      orderId: o.id,
      channel: 'phone',
      note,
      doneAt: '2026-11-19T10:00:00+01:00',
      nextAt,
      assigneeId: assignee.user.id,
    });
  };
  const mailTo = (address: string, from = 0): Received[] =>
    sink.received.slice(from).filter((r) => r.to.includes(address));

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // Thursday 26 November 2026, 07:30 in Paris.
    clock = testClock('2026-11-26T06:30:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    sink = await startSmtpSink();
    mailCtx = { ...ctx, config: { ...ctx.config, SMTP_URL: sink.url, RELANCE_PUBLIC_URL: BASE } };
    manager = await person(ctx, 'manon', 'manager', 'Manon Manager');
    admin = await person(ctx, 'root', 'admin', 'Root');
    const alice = await member('alice', 'Alice Martin', 'fr', 'alice@example.com');
    const bob = await member('bob', 'Bob Smith', 'en', 'bob@example.com');
    const carla = await member('carla', 'Carla Nothingdue', 'en', 'carla@example.com');
    const dave = await member('dave', 'Dave Nomail', 'en', null);
    const erin = await member('erin', 'Erin Notasked', 'en', 'erin@example.com');
    await due('CO-A-LATE', alice, '2026-11-20', SCRIPT_NOTE);
    await due('CO-A-TODAY', alice, '2026-11-26');
    await due('CO-A-NEXT-WEEK', alice, '2026-12-03');
    await due('CO-B-TODAY', bob, '2026-11-26');
    await due('CO-C-LATER', carla, '2026-12-20');
    await due('CO-D-TODAY', dave, '2026-11-26');
    await due('CO-E-TODAY', erin, '2026-11-26');
    for (const p of [alice, bob, carla, dave]) await setDigestOptIn(ctx, p.actor, true);
  });
  afterAll(async () => {
    await sink?.close();
    await db?.drop();
  });

  it('prints each opted-in user’s digest without sending anything', async () => {
    let printed = '';
    await runDigestCommand(mailCtx, {}, (text) => {
      printed += text;
    });
    expect(printed).toContain('To: Alice Martin <alice@example.com> (fr)');
    expect(printed).toContain(
      'Subject: Vos relances du jeudi 26 novembre 2026\u00a0: 1 en retard, 1 aujourd’hui',
    );
    expect(printed).toContain('To: Bob Smith <bob@example.com> (en)');
    expect(printed).toContain(`${BASE}/orders/${orderIds['CO-B-TODAY']}`);
    expect(printed).toContain('To: Dave Nomail <no e-mail address> (en)');
    expect(printed).not.toContain('Carla');
    expect(printed).not.toContain('Erin');
    expect(sink.received).toHaveLength(0);
    expect(await findDigestSend(ctx.database.db, people.alice!.user.id, '2026-11-26')).toBeUndefined();
  });

  it('sends each opted-in user, in their language, their overdue and today’s follow-ups with links, as HTML and text', async () => {
    let printed = '';
    await runDigestCommand(mailCtx, { send: true }, (text) => {
      printed += text;
    });
    expect(printed).toBe(
      'Morning digest of 2026-11-26: 2 sent, 1 with nothing due, 1 without an e-mail address (dave).\n',
    );
    expect(sink.received.map((r) => r.to).sort()).toEqual([['alice@example.com'], ['bob@example.com']]);

    const alice = mailTo('alice@example.com')[0]!.mail;
    expect(alice.subject).toBe('Vos relances du jeudi 26 novembre 2026\u00a0: 1 en retard, 1 aujourd’hui');
    expect(alice.to && !Array.isArray(alice.to) ? alice.to.value[0] : undefined).toEqual({
      address: 'alice@example.com',
      name: 'Alice Martin',
    });
    expect(alice.from?.value[0]?.address).toBe('relance@relance.example.com');
    const text = alice.text ?? '';
    expect(text).toContain('Bonjour Alice Martin,');
    expect(text).toContain('En retard (1)');
    expect(text).toContain('* CO-A-LATE · Client de Alice Martin (prévue le vendredi 20 novembre 2026)');
    expect(text).toContain(SCRIPT_NOTE);
    expect(text).toContain(`${BASE}/orders/${orderIds['CO-A-LATE']}`);
    expect(text).toContain('Aujourd’hui (1)');
    expect(text).toContain(`${BASE}/orders/${orderIds['CO-A-TODAY']}`);
    expect(text).not.toContain('CO-A-NEXT-WEEK');
    expect(text).toContain(`${BASE}/me/calendar`);
    const html = typeof alice.html === 'string' ? alice.html : '';
    expect(html).toContain(`<a href="${BASE}/orders/${orderIds['CO-A-LATE']}"`);
    expect(html).toContain(`<a href="${BASE}/orders/${orderIds['CO-A-TODAY']}"`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<html lang="fr">');

    const bob = mailTo('bob@example.com')[0]!.mail;
    expect(bob.subject).toBe('Your follow-ups for Thursday, November 26, 2026: 0 overdue, 1 today');
    expect(bob.text).toContain('Hello Bob Smith,');
    expect(bob.text).toContain('Today (1)');
    expect(bob.text).not.toContain('Overdue');
    expect(bob.html).toContain(`<a href="${BASE}/orders/${orderIds['CO-B-TODAY']}"`);

    const sent = await findDigestSend(ctx.database.db, people.alice!.user.id, '2026-11-26');
    expect(sent).toMatchObject({ status: 'sent', items: 2, attempts: 1 });
    expect(await findDigestSend(ctx.database.db, people.carla!.user.id, '2026-11-26')).toMatchObject({
      status: 'empty',
    });
  });

  it('sends nothing more when run again the same day', async () => {
    const before = sink.received.length;
    const report = await sendDigests(mailCtx, mailerFromConfig(mailCtx.config), { day: '2026-11-26' });
    expect(report.sent).toEqual([]);
    expect(report.alreadyDone.sort()).toEqual(['alice', 'bob', 'carla']);
    expect(sink.received.length).toBe(before);
  });

  it('sends exactly one e-mail per user when two servers run the digest at the same moment', async () => {
    // More recipients, so that the two runs overlap on many claims.
    for (let i = 1; i <= 8; i++) {
      const rep = await member(`rep${i}`, `Rep ${i}`, i % 2 ? 'fr' : 'en', `rep${i}@example.com`);
      await due(`CO-R${i}`, rep, '2026-11-27');
      await setDigestOptIn(ctx, rep.actor, true);
    }
    const secondDatabase =
      dialect === 'sqlite' ? openDatabase(db.url) : openDatabase(db.url, { schema: db.schema!, poolSize: 4 });
    const serverB: AppContext = { ...mailCtx, database: secondDatabase };
    const before = sink.received.length;
    const [a, b] = await Promise.all([
      sendDigests(mailCtx, mailerFromConfig(mailCtx.config), { day: '2026-11-27' }),
      sendDigests(serverB, mailerFromConfig(serverB.config), { day: '2026-11-27' }),
    ]);
    await secondDatabase.close();
    const arrived = sink.received.slice(before).map((r) => r.to.join(','));
    // alice (overdue since the 20th), bob (overdue since the 26th), and the eight reps.
    const expected = ['alice', 'bob', ...Array.from({ length: 8 }, (_, i) => `rep${i + 1}`)];
    expect(arrived.sort()).toEqual(expected.map((l) => `${l}@example.com`).sort());
    expect([...a.sent, ...b.sent].sort()).toEqual(expected.sort());
    expect(a.sent.filter((l) => b.sent.includes(l))).toEqual([]);
  });

  it('reports an SMTP server that refuses, marks the digest failed, and sends it on the next run', async () => {
    const day = '2026-11-28';
    sink.mode = 'refuse-recipients';
    const before = sink.received.length;
    const err = await refusal(runDigestCommand(mailCtx, { send: true, date: day }, () => {}));
    expect(err.message).toMatch(
      /^The SMTP server 127\.0\.0\.1:\d+ did not accept the message to "Alice Martin" <alice@example\.com> \(550 Mailbox alice@example\.com unavailable\)/,
    );
    expect(err.message).toMatch(/\(and \d+ more\); run relance digest --send again to retry$/);
    expect(sink.received.length).toBe(before);
    expect(await findDigestSend(ctx.database.db, people.alice!.user.id, day)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('550'),
    });

    sink.mode = 'accept';
    await runDigestCommand(mailCtx, { send: true, date: day }, () => {});
    expect(mailTo('alice@example.com', before)).toHaveLength(1);
    expect(await findDigestSend(ctx.database.db, people.alice!.user.id, day)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('stops at once when the SMTP server turns connections away or is not there, and says what to check', async () => {
    const day = '2026-11-29';
    sink.mode = 'refuse-connections';
    const err = await refusal(runDigestCommand(mailCtx, { send: true, date: day }, () => {}));
    expect(err.message).toMatch(
      /^Could not send through the SMTP server 127\.0\.0\.1:\d+ \(.*554.*\): check SMTP_URL/,
    );
    sink.mode = 'accept';
    const report = await sendDigests(mailCtx, mailerFromConfig(mailCtx.config), { day });
    expect(report.failed).toEqual([]);
    expect(report.sent).toContain('alice');

    const gone = await startSmtpSink();
    await gone.close();
    const nowhere = { ...mailCtx, config: { ...mailCtx.config, SMTP_URL: gone.url } };
    const down = await sendDigests(nowhere, mailerFromConfig(nowhere.config), { day: '2026-11-30' });
    expect(down.sent).toEqual([]);
    expect(down.failed).toHaveLength(1);
    expect(down.failed[0]?.error).toMatch(/ECONNREFUSED.*check SMTP_URL/);
    expect(down.notTried.length).toBeGreaterThan(0);
    expect(await findDigestSend(ctx.database.db, people.alice!.user.id, '2026-11-30')).toMatchObject({
      status: 'failed',
    });
  });

  it('asks for SMTP_URL when told to send without one', async () => {
    const err = await refusal(runDigestCommand(ctx, { send: true }, () => {}));
    expect(err.message).toMatch(/^SMTP_URL is not set: set it to the mail server/);
    const bad = { ...ctx, config: { ...ctx.config, SMTP_URL: 'mail.example.com' } };
    expect((await refusal(runDigestCommand(bad, { send: true }, () => {}))).message).toMatch(
      /^SMTP_URL must look like smtp:/,
    );
  });

  it('lists at most the first items of a long queue, with exact counts and a link to the rest', async () => {
    const rep = await member('busy', 'Busy Rep', 'en', 'busy@example.com');
    for (let i = 0; i < DIGEST_LIST_MAX + 3; i++)
      await due(`CO-BUSY-${String(i).padStart(3, '0')}`, rep, '2026-11-20');
    await setDigestOptIn(ctx, rep.actor, true);
    const digest = (await previewDigests(mailCtx, '2026-11-26')).find((d) => d.login === 'busy')!;
    expect(digest.overdueCount).toBe(DIGEST_LIST_MAX + 3);
    expect(digest.mail.text).toContain('CO-BUSY-049');
    expect(digest.mail.text).not.toContain('CO-BUSY-050');
    expect(digest.mail.text).toContain(`…and 3 more. See them all in Relance: ${BASE}/queue`);
    await setDigestOptIn(ctx, rep.actor, false);
  });

  it('sends on schedule: nothing before the deployment’s hour, then each digest once however many ticks', async () => {
    await setDigestHour(ctx, admin.actor, 8);
    await expect(setDigestHour(ctx, people.alice!.actor, 6)).rejects.toThrow(AppError);
    await expect(setDigestHour(ctx, admin.actor, '24')).rejects.toThrow(/0 to 23/);
    const mailer = mailerFromConfig(mailCtx.config);
    // Tuesday 1 December 2026, 07:59 in Paris: too early.
    clock.set('2026-12-01T06:59:00Z');
    expect(await digestTick(mailCtx, mailer)).toBeNull();

    clock.set('2026-12-01T07:00:00Z');
    const before = sink.received.length;
    const lines: string[] = [];
    const stop = startDigestScheduler(mailCtx, {
      intervalMs: 20,
      log: (l) => lines.push(l),
      error: (l) => lines.push(l),
    });
    for (let i = 0; i < 200 && !lines.some((l) => l.startsWith('Morning digest of 2026-12-01')); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    await new Promise((r) => setTimeout(r, 200)); // more ticks, which must find nothing left to send
    await stop();
    expect(lines.filter((l) => l.startsWith('Morning digest of 2026-12-01'))).toHaveLength(1);
    const arrived = sink.received.slice(before).map((r) => r.to.join(','));
    expect(arrived).toHaveLength(new Set(arrived).size);
    expect(arrived).toContain('alice@example.com');
    expect(arrived).toContain('bob@example.com');
    mailer.close();
  });

  it('stays off in a server without SMTP_URL, and says so', async () => {
    const lines: string[] = [];
    const stop = startDigestScheduler(ctx, { log: (l) => lines.push(l) });
    await stop();
    expect(lines).toEqual(['Morning digest: off, SMTP_URL is not set.']);
  });
});
