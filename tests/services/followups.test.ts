// Follow-up rules against a real database, on SQLite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditOf } from '../../src/modules/audit/audit.repository.ts';
import { getDashboard } from '../../src/modules/dashboard/dashboard.service.ts';
import * as followups from '../../src/modules/followups/followup.service.ts';
import { getOrder, listOrders, updateOrder } from '../../src/modules/orders/order.service.ts';
import { setSetting } from '../../src/modules/settings/settings.repository.ts';
import { AppError } from '../../src/shared/errors.ts';
import { customer, order, type Person, person, team } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to be refused');
}

describeEachDialect('follow-up rules', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  let alice: Person;
  let bob: Person;
  let viewer: Person;
  let aliceCustomer: { id: number };
  let bobCustomer: { id: number };

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // Thursday 26 November 2026, 10:00 in Paris.
    clock = testClock('2026-11-26T09:00:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    ({ manager, alice, bob } = await team(ctx, 'manager', 'alice', 'bob'));
    viewer = await person(ctx, 'victor', 'viewer');
    aliceCustomer = await customer(ctx, 'Boulangerie Alice', alice.user.id);
    bobCustomer = await customer(ctx, 'Garage Bob', bob.user.id);
  });
  afterAll(async () => db?.drop());

  it('records a follow-up with the caller, now and the caller as assignee by default', async () => {
    const o = await order(ctx, 'CO-1', aliceCustomer.id);
    const f = await followups.createFollowup(ctx, alice.actor, {
      orderId: o.id,
      channel: 'phone',
      note: 'Veut réfléchir. À rappeler dans 2 semaines',
      nextAt: '2026-12-10',
    });
    expect(f).toMatchObject({
      userId: alice.user.id,
      assigneeId: alice.user.id,
      customerId: aliceCustomer.id,
      doneAt: '2026-11-26T09:00:00.000Z',
      nextAt: '2026-12-10',
      orderRef: 'CO-1',
      customerName: 'Boulangerie Alice',
      userName: 'Alice Vendeuse',
      assigneeName: 'Alice Vendeuse',
    });
    expect((await getOrder(ctx, alice.actor, o.id)).nextFollowupAt).toBe('2026-12-10');
  });

  it("keeps the order's next date on its latest follow-up (greatest doneAt, then id) through edits and deletes", async () => {
    const o = await order(ctx, 'CO-2', aliceCustomer.id);
    const early = await followups.createFollowup(ctx, alice.actor, {
      orderId: o.id,
      channel: 'email',
      doneAt: '2026-11-20T10:00:00+01:00',
      nextAt: '2026-11-25',
      note: '',
    });
    // Recorded later but done earlier: it does not become the latest.
    await followups.createFollowup(ctx, alice.actor, {
      orderId: o.id,
      channel: 'phone',
      doneAt: '2026-11-10T10:00:00+01:00',
      nextAt: '2026-12-30',
      note: '',
    });
    expect((await getOrder(ctx, alice.actor, o.id)).nextFollowupAt).toBe('2026-11-25');
    // Same doneAt: the greater id wins.
    const twin = await followups.createFollowup(ctx, alice.actor, {
      orderId: o.id,
      channel: 'phone',
      doneAt: '2026-11-20T10:00:00+01:00',
      nextAt: '2026-11-27',
      note: '',
    });
    expect((await getOrder(ctx, alice.actor, o.id)).nextFollowupAt).toBe('2026-11-27');
    await followups.updateFollowup(ctx, alice.actor, twin.id, { nextAt: '2026-12-02' });
    expect((await getOrder(ctx, alice.actor, o.id)).nextFollowupAt).toBe('2026-12-02');
    await followups.deleteFollowup(ctx, alice.actor, twin.id);
    const after = await getOrder(ctx, alice.actor, o.id);
    expect(after.nextFollowupAt).toBe('2026-11-25');
    expect(after.followupCount).toBe(2);
    await followups.updateFollowup(ctx, alice.actor, early.id, { nextAt: null });
    expect((await getOrder(ctx, alice.actor, o.id)).nextFollowupAt).toBeNull();
  });

  it('keeps a deleted follow-up in the audit trail with what it was, and hides it from lists', async () => {
    const o = await order(ctx, 'CO-3', aliceCustomer.id);
    const f = await followups.createFollowup(ctx, alice.actor, {
      orderId: o.id,
      channel: 'letter',
      note: 'Courrier',
    });
    await followups.updateFollowup(ctx, alice.actor, f.id, { note: 'Courrier recommandé' });
    await followups.deleteFollowup(ctx, manager.actor, f.id);
    const trail = await auditOf(db.database.db, 'followup', f.id);
    expect(trail.map((t) => t.action)).toEqual(['create', 'update', 'delete']);
    expect(trail[1]).toMatchObject({
      userId: alice.user.id,
      before: { note: 'Courrier' },
      after: { note: 'Courrier recommandé' },
    });
    expect(trail[2]).toMatchObject({ userId: manager.user.id, before: { note: 'Courrier recommandé' } });
    const page = await followups.listFollowups(ctx, manager.actor, { orderId: o.id, limit: 50 });
    expect(page.items).toEqual([]);
    expect((await rejection(followups.getFollowup(ctx, manager.actor, f.id))).status).toBe(404);
  });

  it('refuses a next date before the day the follow-up was done, in the deployment time zone', async () => {
    const o = await order(ctx, 'CO-4', aliceCustomer.id);
    // 23:30 UTC on 25 Nov is already 26 Nov in Paris: 26 Nov is allowed, 25 Nov is not.
    const ok = await followups.createFollowup(ctx, alice.actor, {
      orderId: o.id,
      channel: 'phone',
      note: '',
      doneAt: '2026-11-25T23:30:00Z',
      nextAt: '2026-11-26',
    });
    expect(ok.nextAt).toBe('2026-11-26');
    const err = await rejection(
      followups.createFollowup(ctx, alice.actor, {
        orderId: o.id,
        channel: 'phone',
        note: '',
        doneAt: '2026-11-25T23:30:00Z',
        nextAt: '2026-11-25',
      }),
    );
    expect(err.status).toBe(422);
    expect(err.errors?.[0]?.path).toBe('nextAt');
  });

  it('refuses a next date that is not a calendar date, whoever calls the service', async () => {
    const o = await order(ctx, 'CO-4b', aliceCustomer.id);
    for (const nextAt of ['2026-02-30', '2026-13-01', '26/11/2026', '2026-11-26T10:00']) {
      const err = await rejection(
        followups.createFollowup(ctx, alice.actor, { orderId: o.id, channel: 'phone', note: '', nextAt }),
      );
      expect([err.status, err.errors?.[0]?.path], nextAt).toEqual([422, 'nextAt']);
    }
    expect((await getOrder(ctx, alice.actor, o.id)).followupCount).toBe(0);
  });

  it('refuses notes over 10,000 characters and unknown orders with 422, changing nothing', async () => {
    const o = await order(ctx, 'CO-5', aliceCustomer.id);
    const long = await rejection(
      followups.createFollowup(ctx, alice.actor, {
        orderId: o.id,
        channel: 'phone',
        note: 'x'.repeat(10_001),
      }),
    );
    expect([long.status, long.errors?.[0]?.path]).toEqual([422, 'note']);
    const unknown = await rejection(
      followups.createFollowup(ctx, alice.actor, { orderId: 999_999, channel: 'phone', note: '' }),
    );
    expect([unknown.status, unknown.errors?.[0]?.path]).toEqual([422, 'orderId']);
    expect((await getOrder(ctx, alice.actor, o.id)).followupCount).toBe(0);
  });

  it('enforces roles: viewers change nothing, sales touch only their own, only managers record for others', async () => {
    const o = await order(ctx, 'CO-6', aliceCustomer.id);
    const f = await followups.createFollowup(ctx, alice.actor, { orderId: o.id, channel: 'phone', note: '' });
    expect(
      (
        await rejection(
          followups.createFollowup(ctx, viewer.actor, { orderId: o.id, channel: 'phone', note: '' }),
        )
      ).status,
    ).toBe(403);
    expect((await rejection(followups.updateFollowup(ctx, viewer.actor, f.id, { note: 'x' }))).status).toBe(
      403,
    );
    // Bob cannot see Alice's customer: for him the follow-up does not exist.
    expect((await rejection(followups.updateFollowup(ctx, bob.actor, f.id, { note: 'x' }))).status).toBe(404);
    expect(
      (
        await rejection(
          followups.createFollowup(ctx, alice.actor, {
            orderId: o.id,
            channel: 'phone',
            note: '',
            userId: bob.user.id,
          }),
        )
      ).status,
    ).toBe(403);
    const onBehalf = await followups.createFollowup(ctx, manager.actor, {
      orderId: o.id,
      channel: 'meeting',
      note: 'RDV',
      userId: alice.user.id,
    });
    expect(onBehalf.userId).toBe(alice.user.id);
    // Alice may now edit it (she made it), the manager may edit anything.
    await followups.updateFollowup(ctx, alice.actor, onBehalf.id, { note: 'RDV sur site' });
    await followups.updateFollowup(ctx, manager.actor, f.id, { outcome: 'reached' });
  });

  it('shows a salesperson only their customers, unless the setting says sales see all', async () => {
    const o = await order(ctx, 'CO-7', bobCustomer.id);
    await followups.createFollowup(ctx, bob.actor, { orderId: o.id, channel: 'phone', note: 'Bob only' });
    const seen = async () =>
      (await followups.listFollowups(ctx, alice.actor, { q: 'Bob only', limit: 50 })).items.length;
    expect(await seen()).toBe(0);
    expect(
      (
        await rejection(
          followups.createFollowup(ctx, alice.actor, { orderId: o.id, channel: 'phone', note: '' }),
        )
      ).status,
    ).toBe(422);
    await setSetting(db.database.db, 'sales_see_all', 'true');
    expect(await seen()).toBe(1);
    await setSetting(db.database.db, 'sales_see_all', 'false');
    expect(await seen()).toBe(0);
  });

  it('counts due and overdue orders per assignee, and never closed orders', async () => {
    const carol = await person(ctx, 'carol', 'sales');
    const c = await customer(ctx, 'Cabinet Carol', carol.user.id);
    const mk = async (ref: string, nextAt: string, status: 'validated' | 'delivered' = 'validated') => {
      const o = await order(ctx, ref, c.id, status);
      await followups.createFollowup(ctx, carol.actor, {
        orderId: o.id,
        channel: 'phone',
        note: '',
        doneAt: '2026-11-02T10:00:00Z',
        nextAt,
      });
      return o;
    };
    await mk('D-overdue', '2026-11-20');
    await mk('D-today', '2026-11-26');
    await mk('D-sunday', '2026-11-29');
    await mk('D-next-week', '2026-12-01');
    const closed = await mk('D-closed', '2026-11-19', 'delivered');
    const d = await getDashboard(ctx, carol.actor);
    expect(d).toMatchObject({ overdue: 1, dueToday: 1, dueThisWeek: 2, doneToday: 0, doneThisWeek: 0 });
    expect(d.team).toBeUndefined();
    const overdue = await listOrders(ctx, carol.actor, { due: 'overdue', limit: 50 });
    expect(overdue.items.map((o) => o.ref)).toEqual(['D-overdue']);
    // Reopening the delivered order makes it due again.
    await updateOrder(ctx, manager.actor, closed.id, { status: 'in_progress' });
    expect((await getDashboard(ctx, carol.actor)).overdue).toBe(2);
    // A follow-up done today moves doneToday, and the day rolls over at midnight Paris time.
    const next = await listOrders(ctx, carol.actor, { due: 'today', limit: 50 });
    await followups.createFollowup(ctx, carol.actor, {
      orderId: next.items[0]!.id,
      channel: 'email',
      note: '',
      nextAt: '2026-12-03',
    });
    expect(await getDashboard(ctx, carol.actor)).toMatchObject({
      dueToday: 0,
      doneToday: 1,
      doneThisWeek: 1,
    });
    clock.set('2026-11-26T23:30:00Z'); // 00:30 on Friday 27 in Paris
    expect(await getDashboard(ctx, carol.actor)).toMatchObject({ doneToday: 0, doneThisWeek: 1 });
    clock.set('2026-11-26T09:00:00Z');
    const team = await getDashboard(ctx, manager.actor);
    expect(team.team?.overdue).toBeGreaterThanOrEqual(2);
  });

  it('moves a follow-up to another order: the order it left and the one it joined both show it, or not', async () => {
    const left = await order(ctx, 'MOVE-FROM', aliceCustomer.id);
    const joined = await order(ctx, 'MOVE-TO', aliceCustomer.id);
    await followups.createFollowup(ctx, alice.actor, {
      orderId: left.id,
      channel: 'phone',
      note: 'Premier appel',
      doneAt: '2026-11-20T09:00:00Z',
      nextAt: '2026-11-27',
    });
    const moved = await followups.createFollowup(ctx, alice.actor, {
      orderId: left.id,
      channel: 'email',
      note: 'Sur la mauvaise commande',
      doneAt: '2026-11-25T09:00:00Z',
      nextAt: '2026-12-02',
    });
    expect(await getOrder(ctx, manager.actor, left.id)).toMatchObject({
      followupCount: 2,
      nextFollowupAt: '2026-12-02',
    });

    await followups.updateFollowup(ctx, alice.actor, moved.id, { orderId: joined.id });
    expect(await getOrder(ctx, manager.actor, left.id)).toMatchObject({
      followupCount: 1,
      nextFollowupAt: '2026-11-27',
    });
    expect(await getOrder(ctx, manager.actor, joined.id)).toMatchObject({
      followupCount: 1,
      nextFollowupAt: '2026-12-02',
    });
  });
});
