// "My follow-ups", the chase queue: the orders assigned to me that are due, overdue first; one click opens the
// Add form for the order, and once saved the queue comes back with the next one on top.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { AppContext } from '../../src/context.ts';
import { createFollowup } from '../../src/modules/followups/followup.service.ts';
import type { Order } from '../../src/modules/orders/order.schemas.ts';
import { getOrder } from '../../src/modules/orders/order.service.ts';
import { customer, order, type Person, person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { headers, links, logIn, textOf, type Visitor } from './pages-session.ts';

/** The order refs of the queue, in the order shown. */
const queueRefs = (html: string) =>
  [
    ...(/<table class="striped queue">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(
      /<a href="\/orders\/\d+">([^<]+)<\/a>/g,
    ),
  ].map((m) => m[1]);

describeEachDialect('chase queue', (dialect) => {
  let db: TestDatabase;
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  let people: Record<'manager' | 'alice' | 'bob' | 'viewer', Person>;
  let as: Record<'manager' | 'alice' | 'bob' | 'viewer', Visitor>;
  let late: Order;
  let today: Order;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // Thursday 26 November 2026, 10:00 in Paris.
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    app = createApp(ctx);
    people = await team(ctx, 'manager', 'alice', 'bob', 'viewer');
    const aliceCo = await customer(ctx, 'Boulangerie Alice', people.alice.user.id);
    const bobCo = await customer(ctx, 'Garage Bob', people.bob.user.id);
    const due = async (
      ref: string,
      nextAt: string,
      who: Person,
      customerId: number,
      status: 'validated' | 'delivered' = 'validated',
    ) => {
      const o = await order(ctx, ref, customerId, status);
      await createFollowup(ctx, who.actor, {
        orderId: o.id,
        channel: 'phone',
        note: `Note ${ref}`,
        doneAt: '2026-11-02T10:00:00+01:00',
        nextAt,
      });
      return o;
    };
    today = await due('CO-TODAY', '2026-11-26', people.alice, aliceCo.id);
    late = await due('CO-LATE', '2026-11-12', people.alice, aliceCo.id);
    await due('CO-LATER', '2026-11-20', people.alice, aliceCo.id);
    await due('CO-FUTURE', '2026-11-27', people.alice, aliceCo.id);
    await due('CO-CLOSED', '2026-11-10', people.alice, aliceCo.id, 'delivered');
    await due('CO-BOB', '2026-11-10', people.bob, bobCo.id);
    as = {
      manager: await logIn(app, 'manon'),
      alice: await logIn(app, 'alice'),
      bob: await logIn(app, 'bob'),
      viewer: await logIn(app, 'victor'),
    };
  });
  afterAll(async () => db?.drop());

  it('is "My follow-ups" in the menu and the page, in English and French', async () => {
    const en = await as.alice.get('/queue?lang=en');
    expect(en.status).toBe(200);
    expect(en.html).toContain('<h1>My follow-ups</h1>');
    expect(headers(en.html)).toEqual(['Order', 'Customer', 'Next follow-up', 'Follow up']);
    const fr = await as.alice.get('/queue?lang=fr');
    expect(fr.html).toContain('<h1>Mes relances</h1>');
    expect(headers(fr.html)).toEqual(['Commande', 'Client', 'Date prochaine relance', 'Relancer']);
    expect(textOf(fr.html)).toContain('3 à relancer');
    expect(links(fr.html)).toContain('/queue');
    for (const who of ['manager', 'bob'] as const) {
      expect(headers((await as[who].get('/queue?lang=en')).html), who).toEqual([
        'Order',
        'Customer',
        'Next follow-up',
        'Follow up',
      ]);
      expect((await as[who].get('/queue?lang=fr')).html, who).toContain('<h1>Mes relances</h1>');
    }
  });

  it('lists the due orders assigned to me, the most overdue first, never closed or future ones', async () => {
    const html = (await as.alice.get('/queue')).html;
    expect(queueRefs(html)).toEqual(['CO-LATE', 'CO-LATER', 'CO-TODAY']);
    expect(html).toMatch(/<time datetime="2026-11-12" class="overdue"/);
    expect(html).toMatch(/<time datetime="2026-11-26" class="due-today"/);
    expect(queueRefs((await as.bob.get('/queue')).html)).toEqual(['CO-BOB']);
    expect(queueRefs((await as.manager.get('/queue')).html)).toEqual([]);
    expect(textOf((await as.manager.get('/queue')).html)).toContain('Nothing left to chase today.');
  });

  it('gives viewers an empty queue and no way to record', async () => {
    const html = (await as.viewer.get('/queue')).html;
    expect(html).not.toContain('/followups/new');
    expect(headers(html)).toEqual(['Order', 'Customer', 'Next follow-up']);
  });

  describe('the chase', () => {
    it('opens the Add form for an order in one click, and comes back with the next one once saved', async () => {
      const queue = await as.alice.get('/queue');
      const first = `/followups/new?orderId=${late.id}&return=%2Fqueue`;
      expect(links(queue.html)).toContain(first);
      expect(textOf(queue.html)).toContain('Chase the next one: CO-LATE · Boulangerie Alice');

      const form = await as.alice.get(first);
      expect(form.status).toBe(200);
      expect(form.html).toContain('value="CO-LATE · Boulangerie Alice" readonly');
      expect(form.html).toContain('name="return" value="/queue"');
      expect(textOf(form.html)).toContain('Note CO-LATE');

      const saved = await as.alice.post('/followups', {
        context: `order:${late.id}`,
        channel: 'phone',
        note: 'Rappeler dans 2 semaines',
        doneAt: '2026-11-26T10:00',
        preset: 'note',
        return: '/queue',
      });
      expect(saved.status).toBe(303);
      expect(saved.location).toMatch(/^\/queue\?saved=\d+$/);
      expect((await getOrder(ctx, people.alice.actor, late.id)).nextFollowupAt).toBe('2026-12-10');

      const after = await as.alice.get(saved.location ?? '/queue');
      expect(textOf(after.html)).toContain('Follow-up recorded on CO-LATE.');
      expect(queueRefs(after.html)).toEqual(['CO-LATER', 'CO-TODAY']);
      expect(textOf(after.html)).toContain('Chase the next one: CO-LATER · Boulangerie Alice');
    });

    it('keeps an order in the queue when the follow-up says to call again today', async () => {
      const res = await as.alice.post('/followups', {
        context: `order:${today.id}`,
        channel: 'phone',
        note: 'Pas joignable, réessayer cet après-midi',
        nextAt: '2026-11-26',
        return: '/queue',
      });
      expect(res.status).toBe(303);
      expect(queueRefs((await as.alice.get('/queue')).html)).toContain('CO-TODAY');
    });
  });

  it('pages a long queue by cursor, 50 at a time', async () => {
    const carol = await person(ctx, 'carol', 'sales', 'Carol Commerciale');
    const c = await customer(ctx, 'Carol & Cie', carol.user.id);
    for (let i = 0; i < 53; i++) {
      const o = await order(ctx, `CQ-${String(i).padStart(3, '0')}`, c.id);
      await createFollowup(ctx, carol.actor, {
        orderId: o.id,
        channel: 'email',
        note: '',
        doneAt: '2026-11-02T10:00:00+01:00',
        nextAt: `2026-11-${String(3 + (i % 20)).padStart(2, '0')}`,
      });
    }
    const v = await logIn(app, 'carol');
    const first = await v.get('/queue');
    expect(queueRefs(first.html)).toHaveLength(50);
    const next = links(first.html).find((l) => l.includes('cursor='));
    expect(next).toBeDefined();
    const second = await v.get(`/queue${next}`);
    expect(queueRefs(second.html)).toHaveLength(3);
    const all = [...queueRefs(first.html), ...queueRefs(second.html)];
    expect(new Set(all).size).toBe(53);
    const broken = await v.get('/queue?cursor=not-a-cursor');
    expect(broken.status).toBe(200);
    expect(queueRefs(broken.html)).toHaveLength(50);
  });
});
