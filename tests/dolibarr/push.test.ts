// Sales people record follow-ups in Relance; with --push, Dolibarr users see each one once, as a done agenda
// event on the order, owned by the same person. Against a fake Dolibarr that records what it is sent.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { markPushPending } from '../../src/modules/dolibarr/dolibarr.repository.ts';
import { syncDolibarr } from '../../src/modules/dolibarr/dolibarr.service.ts';
import { createFollowup, deleteFollowup } from '../../src/modules/followups/followup.service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { customer, order, type Person, person } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { FakeDolibarr } from './fake-dolibarr.ts';
import { options, orderByExternalId } from './helpers.ts';

describeEachDialect('pushing follow-ups to Dolibarr', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let fake: FakeDolibarr;
  let alice: Person;
  let bob: Person;
  let o2: number;
  let o5: number;

  const posts = () =>
    fake.requests('/agendaevents', 'POST').filter((r) => r.status === 200 || r.status === -1);
  const pushed = async () =>
    ctx.database.db.selectFrom('dolibarr_pushed_followups').selectAll().orderBy('followup_id').execute();
  const record = (
    who: Person,
    orderId: number,
    channel: 'phone' | 'email' | 'meeting' | 'letter',
    note: string,
    doneAt: string,
  ) => createFollowup(ctx, who.actor, { orderId, channel, note, doneAt });

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    clock = testClock('2026-11-28T08:00:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    alice = await person(ctx, 'alice', 'manager', 'Alice Martin');
    bob = await person(ctx, 'bob', 'manager', 'Bob Durand');
    fake = await new FakeDolibarr().start();
    fake.addUser('7', 'alice'); // Alice has a Dolibarr account with the same login; Bob has none.
    await syncDolibarr(ctx, options(fake));
    o2 = (await orderByExternalId(ctx, '2')).id;
    o5 = (await orderByExternalId(ctx, '5')).id;
  });
  afterEach(() => {
    fake.heal();
    fake.clearLog();
  });
  afterAll(async () => {
    await fake?.stop();
    await db?.drop();
  });

  it("sends each new follow-up on a Dolibarr order as a done event, owned by the same login or the key's user", async () => {
    const a = await record(
      alice,
      o2,
      'phone',
      'Veut réfléchir. Rappeler dans 2 semaines',
      '2026-11-26T10:30:00+01:00',
    );
    const b = await record(bob, o5, 'email', 'Devis renvoyé', '2026-11-27T15:00:00+01:00');
    // Not pushed: an order made in Relance, and a follow-up deleted before the sync.
    const local = await order(ctx, 'REL-1', (await customer(ctx, 'Client local')).id);
    await record(alice, local.id, 'phone', 'Local', '2026-11-27T09:00:00+01:00');
    const gone = await record(alice, o2, 'letter', 'Erreur de saisie', '2026-11-27T11:00:00+01:00');
    await deleteFollowup(ctx, alice.actor, gone.id);

    const report = await syncDolibarr(ctx, options(fake, { push: true }));
    expect(report.push).toEqual({ enabled: true, created: 2, found: 0, skipped: 0 });
    expect(posts().map((p) => p.body)).toEqual([
      {
        type_code: 'AC_TEL',
        label: 'Relance commande CO2610-0001',
        note_private: 'Veut réfléchir. Rappeler dans 2 semaines',
        datep: Date.parse('2026-11-26T10:30:00+01:00') / 1000,
        datef: Date.parse('2026-11-26T10:30:00+01:00') / 1000,
        percentage: 100,
        userownerid: 7,
        socid: 1,
        elementtype: 'order',
        fk_element: 2,
      },
      {
        type_code: 'AC_EMAIL',
        label: 'Relance commande CO2611-0004',
        note_private: 'Devis renvoyé',
        datep: Date.parse('2026-11-27T15:00:00+01:00') / 1000,
        datef: Date.parse('2026-11-27T15:00:00+01:00') / 1000,
        percentage: 100,
        userownerid: 1,
        socid: 2,
        elementtype: 'order',
        fk_element: 5,
      },
    ]);
    // Owners looked up by login; Dolibarr's 404 for "no such user" sends Bob's to the key's own user.
    expect(fake.requests('/users').map((r) => [r.query.sqlfilters, r.status])).toEqual([
      ["(t.login:=:'alice')", 200],
      ["(t.login:=:'bob')", 404],
    ]);
    expect(fake.requests('/users/info')).toHaveLength(1);
    expect((await pushed()).map((p) => [p.followup_id, p.state, p.event_id])).toEqual([
      [a.id, 'pushed', '1000'],
      [b.id, 'pushed', '1001'],
    ]);
  });

  it('never sends a follow-up twice, and sends only the new one next time', async () => {
    const again = await syncDolibarr(ctx, options(fake, { push: true }));
    expect(again.push).toMatchObject({ created: 0, found: 0 });
    expect(posts()).toHaveLength(0);

    await record(alice, o2, 'meeting', 'Rendez-vous au magasin', '2026-11-28T08:30:00+01:00');
    const next = await syncDolibarr(ctx, options(fake, { push: true }));
    expect(next.push.created).toBe(1);
    expect(posts().map((p) => (p.body as { type_code: string }).type_code)).toEqual(['AC_RDV']);
  });

  it('finds the event again when Dolibarr created it but the answer was lost, instead of creating a second one', async () => {
    const f = await record(alice, o2, 'phone', 'Réponse perdue', '2026-11-28T09:00:00+01:00');
    fake.fail('lose-answer', (m, route) => m === 'POST' && route === '/agendaevents', 1);
    const report = await syncDolibarr(ctx, options(fake, { push: true }));
    expect(report.push).toMatchObject({ created: 0, found: 1 });
    expect(posts()).toHaveLength(1);
    const copies = fake.events.filter((e) => e.note_private === 'Réponse perdue');
    expect(copies).toHaveLength(1);
    expect((await pushed()).find((p) => p.followup_id === f.id)).toMatchObject({
      state: 'pushed',
      event_id: copies[0]?.id,
    });
  });

  it('completes a push cut off before or after its POST, exactly once', async () => {
    // Cut off before the POST: no event in Dolibarr, the row says pending.
    const before = await record(bob, o5, 'letter', 'Courrier envoyé', '2026-11-28T09:10:00+01:00');
    await markPushPending(ctx.database.db, before.id, clock.now().toISOString());
    // Cut off after the POST: the event exists in Dolibarr, the row still says pending.
    const after = await record(alice, o2, 'email', 'Mail de relance', '2026-11-28T09:20:00+01:00');
    await markPushPending(ctx.database.db, after.id, clock.now().toISOString());
    fake.events.push({
      id: '555',
      type_code: 'AC_EMAIL',
      label: 'Relance commande CO2610-0001',
      note_private: 'Mail de relance',
      datep: String(Date.parse('2026-11-28T09:20:00+01:00') / 1000),
      elementid: '2',
      elementtype: 'order',
    });

    const report = await syncDolibarr(ctx, options(fake, { push: true }));
    expect(report.push).toMatchObject({ created: 1, found: 1 });
    expect(posts().map((p) => (p.body as { note_private: string }).note_private)).toEqual([
      'Courrier envoyé',
    ]);
    const rows = await pushed();
    expect(rows.find((p) => p.followup_id === after.id)).toMatchObject({ state: 'pushed', event_id: '555' });
    expect(rows.find((p) => p.followup_id === before.id)).toMatchObject({ state: 'pushed' });
  });

  it('stops with a clear message when Dolibarr keeps failing, and pushes the rest next time', async () => {
    const f = await record(alice, o2, 'phone', 'Dolibarr en panne', '2026-11-28T09:30:00+01:00');
    fake.fail(500, (m, route) => m === 'POST' && route === '/agendaevents');
    let err: unknown;
    try {
      await syncDolibarr(ctx, options(fake, { push: true, retries: 1 }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as Error).message).toMatch(/^Dolibarr answered 500 .* to POST .*\/agendaevents/);
    expect((await pushed()).find((p) => p.followup_id === f.id)).toMatchObject({
      state: 'pending',
      event_id: null,
    });

    fake.heal();
    const report = await syncDolibarr(ctx, options(fake, { push: true }));
    expect(report.push).toMatchObject({ created: 1, found: 0 });
    expect(fake.events.filter((e) => e.note_private === 'Dolibarr en panne')).toHaveLength(1);
  });

  it("uses the key's own user when the key may not read users", async () => {
    await record(alice, o2, 'phone', 'Sans droit sur les utilisateurs', '2026-11-28T09:40:00+01:00');
    fake.fail(403, (_m, route) => route === '/users');
    const report = await syncDolibarr(ctx, options(fake, { push: true }));
    expect(report.push.created).toBe(1);
    expect(posts().map((p) => (p.body as { userownerid: number }).userownerid)).toEqual([1]);
  });

  it('says what to fix when the key may not create events', async () => {
    await record(alice, o2, 'phone', 'Interdit', '2026-11-28T09:50:00+01:00');
    fake.fail(403, (m, route) => m === 'POST' && route === '/agendaevents');
    await expect(syncDolibarr(ctx, options(fake, { push: true }))).rejects.toThrow(
      'The Dolibarr user of this API key may not create agenda events (403)',
    );
  });
});
