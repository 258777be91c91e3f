// The JSON API end to end through app.request(): every route, every error status, pagination and roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Followup } from '../../src/modules/followups/followup.schemas.ts';
import { revokeToken } from '../../src/modules/users/user.repository.ts';
import { createSession } from '../../src/modules/users/user.service.ts';
import { type Person, person } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { apiClient } from './api-client.ts';

describeEachDialect('JSON API', (dialect) => {
  let db: TestDatabase;
  let api: ReturnType<typeof apiClient>;
  let ctx: ReturnType<typeof testContext>;
  let admin: Person;
  let manager: Person;
  let sales: Person;
  let otherSales: Person;
  let viewer: Person;
  let customerId: number;
  let otherCustomerId: number;
  let orderId: number;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    api = apiClient(ctx);
    admin = await person(ctx, 'admin', 'admin', 'Ada Admin');
    manager = await person(ctx, 'manager', 'manager', 'Manon Manager');
    sales = await person(ctx, 'sales', 'sales', 'Sam Sales');
    otherSales = await person(ctx, 'other', 'sales', 'Olga Other');
    viewer = await person(ctx, 'viewer', 'viewer', 'Vic Viewer');
    const c = await api.post('/customers', manager.token, {
      code: 'CU001',
      name: 'Boulangerie Dupont',
      kind: 'customer',
      email: 'contact@dupont.fr',
      salesRepId: sales.user.id,
    });
    expect(c.status).toBe(201);
    customerId = c.body.id;
    otherCustomerId = (
      await api.post('/customers', manager.token, { name: 'Garage Other', salesRepId: otherSales.user.id })
    ).body.id;
    const o = await api.post('/orders', manager.token, {
      ref: 'CO2611-0001',
      customerId,
      status: 'validated',
      orderDate: '2026-11-02',
      totalExclTax: '3620.5',
    });
    expect(o.status).toBe(201);
    orderId = o.body.id;
  });
  afterAll(async () => db?.drop());

  describe('authentication', () => {
    it('answers 401 problem+json without credentials, with a bad token, and with a revoked one', async () => {
      const none = await api.get('/followups', null);
      expect(none.status).toBe(401);
      expect(none.contentType).toContain('application/problem+json');
      expect(none.body).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect((await api.get('/followups', 'rl_not-a-real-token')).status).toBe(401);
      const tokenRow = await db.database.db
        .selectFrom('api_tokens')
        .select('id')
        .where('user_id', '=', viewer.user.id)
        .executeTakeFirstOrThrow();
      await revokeToken(db.database.db, tokenRow.id, '2026-11-26T09:00:00.000Z');
      expect((await api.get('/users/me', viewer.token)).status).toBe(401);
      viewer = {
        ...viewer,
        token: await (await import('../../src/modules/users/user.service.ts')).createToken(ctx, 'viewer'),
      };
      expect((await api.get('/users/me', viewer.token)).status).toBe(200);
    });

    it('accepts the session cookie, and requires the CSRF header for cookie-authenticated writes', async () => {
      const session = await createSession(ctx, sales.user.id);
      const cookie = { cookie: `relance_session=${session.cookie}` };
      const me = await api.call('GET', '/users/me', null, undefined, cookie);
      expect(me.body).toMatchObject({ login: 'sales', role: 'sales' });
      const body = { orderId, channel: 'phone', note: 'via cookie' };
      const refused = await api.call('POST', '/followups', null, body, cookie);
      expect(refused.status).toBe(403);
      const ok = await api.call('POST', '/followups', null, body, {
        ...cookie,
        'x-csrf-token': session.csrf,
      });
      expect(ok.status).toBe(201);
    });

    it('GET /users/me returns the caller', async () => {
      const r = await api.get('/users/me', manager.token);
      expect(r.body).toMatchObject({
        login: 'manager',
        name: 'Manon Manager',
        role: 'manager',
        active: true,
      });
    });
  });

  describe('follow-ups', () => {
    it('POST records one with defaults and the joined names, GET returns it', async () => {
      const r = await api.post('/followups', sales.token, {
        orderId,
        channel: 'phone',
        note: 'Veut réfléchir. A rappeler dans 2 semaines',
        nextAt: '2026-12-10',
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        orderId,
        customerId,
        userId: sales.user.id,
        assigneeId: sales.user.id,
        channel: 'phone',
        outcome: null,
        doneAt: '2026-11-26T09:00:00.000Z',
        nextAt: '2026-12-10',
        orderRef: 'CO2611-0001',
        customerName: 'Boulangerie Dupont',
        userName: 'Sam Sales',
        assigneeName: 'Sam Sales',
      });
      const got = await api.get(`/followups/${r.body.id}`, sales.token);
      expect(got.body).toEqual(r.body);
      const order = await api.get(`/orders/${orderId}`, sales.token);
      expect(order.body.nextFollowupAt).toBe('2026-12-10');
    });

    it('PATCH changes it and DELETE soft-deletes it; the order follows', async () => {
      const f = (
        await api.post('/followups', sales.token, {
          orderId,
          channel: 'email',
          note: 'x',
          nextAt: '2026-12-20',
        })
      ).body;
      const p = await api.patch(`/followups/${f.id}`, sales.token, {
        note: 'Relance par mail',
        outcome: 'left_message',
      });
      expect(p.status).toBe(200);
      expect(p.body).toMatchObject({ note: 'Relance par mail', outcome: 'left_message' });
      expect((await api.get(`/orders/${orderId}`, sales.token)).body.nextFollowupAt).toBe('2026-12-20');
      expect((await api.delete(`/followups/${f.id}`, sales.token)).status).toBe(204);
      expect((await api.get(`/followups/${f.id}`, sales.token)).status).toBe(404);
      expect((await api.get(`/orders/${orderId}`, sales.token)).body.nextFollowupAt).toBe('2026-12-10');
    });

    it('answers 400 for malformed JSON, unknown fields, bad values and bad dates, naming the field', async () => {
      const malformed = await api.call('POST', '/followups', sales.token, '{"orderId": 1,');
      expect(malformed.status).toBe(400);
      expect(malformed.contentType).toContain('application/problem+json');
      const unknown = await api.post('/followups', sales.token, {
        orderId,
        channel: 'phone',
        note: '',
        mood: 'happy',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toContainEqual({ path: 'mood', message: 'Unknown field: mood' });
      const channel = await api.post('/followups', sales.token, { orderId, channel: 'pigeon', note: '' });
      expect([channel.status, channel.body.errors[0].path]).toEqual([400, 'channel']);
      const date = await api.post('/followups', sales.token, {
        orderId,
        channel: 'phone',
        note: '',
        nextAt: '10/12/2026',
      });
      expect([date.status, date.body.errors[0].path]).toEqual([400, 'nextAt']);
      const noOffset = await api.post('/followups', sales.token, {
        orderId,
        channel: 'phone',
        note: '',
        doneAt: '2026-11-26 10:00',
      });
      expect([noOffset.status, noOffset.body.errors[0].path]).toEqual([400, 'doneAt']);
    });

    it('answers 422 for rules: nextAt before doneAt, a note over 10,000 characters, an unknown or invisible order', async () => {
      const before = await api.post('/followups', sales.token, {
        orderId,
        channel: 'phone',
        note: '',
        doneAt: '2026-11-20T10:00:00+01:00',
        nextAt: '2026-11-19',
      });
      expect([before.status, before.body.errors[0].path]).toEqual([422, 'nextAt']);
      const long = await api.post('/followups', sales.token, {
        orderId,
        channel: 'phone',
        note: 'é'.repeat(10_001),
      });
      expect([long.status, long.body.errors[0].path]).toEqual([422, 'note']);
      const unknown = await api.post('/followups', sales.token, {
        orderId: 424242,
        channel: 'phone',
        note: '',
      });
      expect([unknown.status, unknown.body.errors[0].path]).toEqual([422, 'orderId']);
      const invisible = await api.post('/followups', otherSales.token, {
        orderId,
        channel: 'phone',
        note: '',
      });
      expect(invisible.status).toBe(422);
      const count = (await api.get(`/orders/${orderId}`, manager.token)).body.followupCount;
      expect(count).toBe(2); // nothing above was written
    });

    it('refuses to record on behalf of someone else unless manager or admin', async () => {
      const r = await api.post('/followups', sales.token, {
        orderId,
        channel: 'phone',
        note: '',
        userId: otherSales.user.id,
      });
      expect([r.status, r.body.errors[0].path]).toEqual([403, 'userId']);
      const m = await api.post('/followups', manager.token, {
        orderId,
        channel: 'meeting',
        note: 'RDV',
        userId: sales.user.id,
      });
      expect(m.status).toBe(201);
      expect(m.body).toMatchObject({
        userId: sales.user.id,
        assigneeId: sales.user.id,
        userName: 'Sam Sales',
      });
      await api.delete(`/followups/${m.body.id}`, manager.token);
    });

    it('lists an order’s and a customer’s follow-ups, 404 for ones the caller may not see', async () => {
      const byOrder = await api.get(`/orders/${orderId}/followups`, sales.token);
      expect(byOrder.status).toBe(200);
      expect(byOrder.body.items.every((f: { orderId: number }) => f.orderId === orderId)).toBe(true);
      // Exactly the fields the Followup schema documents, nothing the pages ask the list for besides.
      for (const f of byOrder.body.items)
        expect(Object.keys(f).sort()).toEqual(Object.keys(Followup.shape).sort());
      const byCustomer = await api.get(`/customers/${customerId}/followups?channel=phone`, sales.token);
      expect(byCustomer.body.items.length).toBeGreaterThan(0);
      expect(byCustomer.body.items.every((f: { channel: string }) => f.channel === 'phone')).toBe(true);
      expect((await api.get(`/orders/${orderId}/followups`, otherSales.token)).status).toBe(404);
      expect((await api.get(`/customers/${customerId}/followups`, otherSales.token)).status).toBe(404);
      expect((await api.get('/orders/999999/followups', manager.token)).status).toBe(404);
    });

    it('rejects unknown sort fields, unknown filters, bad cursors and limits with 400', async () => {
      expect((await api.get('/followups?sort=password', manager.token)).body.errors[0].path).toBe('sort');
      expect((await api.get('/followups?sort=-password', manager.token)).status).toBe(400);
      const filter = await api.get('/followups?owner=1', manager.token);
      expect([filter.status, filter.body.errors[0].path]).toEqual([400, 'owner']);
      expect((await api.get('/followups?cursor=garbage', manager.token)).status).toBe(400);
      expect((await api.get('/followups?limit=0', manager.token)).status).toBe(400);
      expect((await api.get('/followups?limit=201', manager.token)).status).toBe(400);
      expect((await api.get('/followups?due=someday', manager.token)).status).toBe(400);
      const page = await api.get('/followups?limit=1&sort=nextAt', manager.token);
      const reused = await api.get(
        `/followups?limit=1&sort=doneAt&cursor=${page.body.nextCursor}`,
        manager.token,
      );
      expect([reused.status, reused.body.errors[0].path]).toEqual([400, 'cursor']);
    });

    it('never hands request text to SQL except as a bound parameter', async () => {
      const q = encodeURIComponent("'; drop table followups; --");
      const r = await api.get(`/followups?q=${q}`, manager.token);
      expect(r.status).toBe(200);
      expect(r.body.items).toEqual([]);
      expect((await api.get('/followups?limit=1', manager.token)).body.items).toHaveLength(1);
      const pct = await api.get(`/followups?q=${encodeURIComponent('%')}`, manager.token);
      expect(pct.body.items).toEqual([]);
    });

    it('filters by user, channel, dates, due state and text', async () => {
      const o2 = (
        await api.post('/orders', manager.token, { ref: 'CO2611-0002', customerId, status: 'in_progress' })
      ).body;
      await api.post('/followups', sales.token, {
        orderId: o2.id,
        channel: 'letter',
        note: 'Courrier recommandé envoyé',
        doneAt: '2026-11-10T10:00:00+01:00',
        nextAt: '2026-11-20',
      });
      const overdue = await api.get('/followups?due=overdue', manager.token);
      expect(overdue.body.items.map((f: { orderRef: string }) => f.orderRef)).toEqual(['CO2611-0002']);
      const text = await api.get(`/followups?q=${encodeURIComponent('RECOMMANDÉ')}`, manager.token);
      expect(text.body.items.map((f: { channel: string }) => f.channel)).toEqual(['letter']);
      const range = await api.get('/followups?doneFrom=2026-11-10&doneTo=2026-11-10', manager.token);
      expect(range.body.items).toHaveLength(1);
      const next = await api.get('/followups?nextFrom=2026-12-01&nextTo=2026-12-31', manager.token);
      expect(
        next.body.items.every(
          (f: { nextAt: string }) => f.nextAt >= '2026-12-01' && f.nextAt <= '2026-12-31',
        ),
      ).toBe(true);
      const mine = await api.get(`/followups?userId=${sales.user.id}&channel=letter`, manager.token);
      expect(mine.body.items).toHaveLength(1);
      const dueOrders = await api.get('/orders?due=overdue', sales.token);
      expect(dueOrders.body.items.map((o: { ref: string }) => o.ref)).toEqual(['CO2611-0002']);
    });
  });

  describe('pagination', () => {
    it('walks every page without gaps or repeats while rows are inserted, in both directions and with NULLs', async () => {
      const c = (
        await api.post('/customers', manager.token, { name: 'Pagination SARL', salesRepId: sales.user.id })
      ).body;
      const o = (
        await api.post('/orders', manager.token, { ref: 'PAGE-1', customerId: c.id, status: 'validated' })
      ).body;
      const created: number[] = [];
      for (let i = 0; i < 23; i++) {
        const r = await api.post('/followups', sales.token, {
          orderId: o.id,
          channel: 'phone',
          note: `page ${i}`,
          doneAt: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}T08:00:00Z`,
          nextAt: i % 3 === 0 ? null : `2026-12-${String(1 + (i % 7)).padStart(2, '0')}`,
        });
        created.push(r.body.id);
      }
      for (const sort of ['-doneAt', 'doneAt', 'nextAt', '-nextAt', 'note', '-id']) {
        const seen: number[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const path: string = `/orders/${o.id}/followups?limit=5&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
          const r = await api.get(path, sales.token);
          expect(r.status).toBe(200);
          seen.push(...r.body.items.map((f: { id: number }) => f.id));
          cursor = r.body.nextCursor;
          // A colleague records new follow-ups meanwhile (done "now", i.e. newest).
          if (pages++ < 2)
            await api.post('/followups', sales.token, { orderId: o.id, channel: 'email', note: 'new' });
        } while (cursor);
        expect(new Set(seen).size, `no repeats for ${sort}`).toBe(seen.length);
        for (const id of created) expect(seen, `row ${id} present for ${sort}`).toContain(id);
      }
    });

    it('orders NULL next dates after dated ones, ascending', async () => {
      const r = await api.get('/followups?sort=nextAt&limit=200', manager.token);
      const values = r.body.items.map((f: { nextAt: string | null }) => f.nextAt);
      const firstNull = values.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(values.slice(firstNull).every((v: unknown) => v === null)).toBe(true);
      const dated = values.slice(0, firstNull);
      expect(dated).toEqual([...dated].sort());
    });
  });

  describe('customers and orders', () => {
    it('creates, reads, lists, changes and deletes a customer', async () => {
      const c = await api.post('/customers', admin.token, {
        code: 'CU900',
        name: 'Imprimerie Blanc',
        kind: 'prospect',
        town: 'Lyon',
      });
      expect(c.status).toBe(201);
      expect(c.body).toMatchObject({ code: 'CU900', kind: 'prospect', town: 'Lyon', salesRepId: null });
      expect((await api.get(`/customers/${c.body.id}`, viewer.token)).body.name).toBe('Imprimerie Blanc');
      const list = await api.get('/customers?kind=prospect&q=blanc', manager.token);
      expect(list.body.items.map((x: { code: string }) => x.code)).toEqual(['CU900']);
      const p = await api.patch(`/customers/${c.body.id}`, manager.token, {
        kind: 'customer',
        phone: '04 72 00 00 00',
      });
      expect(p.body).toMatchObject({ kind: 'customer', phone: '04 72 00 00 00' });
      expect((await api.delete(`/customers/${c.body.id}`, manager.token)).status).toBe(204);
      expect((await api.get(`/customers/${c.body.id}`, manager.token)).status).toBe(404);
    });

    it('answers 409 for a duplicate code or ref and for deleting history, 422 for unknown references', async () => {
      const dup = await api.post('/customers', manager.token, { code: 'CU001', name: 'Copie' });
      expect(dup.status).toBe(409);
      const dupRef = await api.post('/orders', manager.token, { ref: 'CO2611-0001', customerId });
      expect(dupRef.status).toBe(409);
      expect((await api.delete(`/orders/${orderId}`, manager.token)).status).toBe(409);
      expect((await api.delete(`/customers/${customerId}`, manager.token)).status).toBe(409);
      const noCustomer = await api.post('/orders', manager.token, { ref: 'X-1', customerId: 987654 });
      expect([noCustomer.status, noCustomer.body.errors[0].path]).toEqual([422, 'customerId']);
      const noRep = await api.post('/customers', manager.token, { name: 'Sans rep', salesRepId: 987654 });
      expect([noRep.status, noRep.body.errors[0].path]).toEqual([422, 'salesRepId']);
    });

    it('validates order fields: amounts with two decimals, ISO currency, known status', async () => {
      const amount = await api.post('/orders', manager.token, {
        ref: 'X-2',
        customerId,
        totalExclTax: '12,50',
      });
      expect([amount.status, amount.body.errors[0].path]).toEqual([400, 'totalExclTax']);
      const currency = await api.post('/orders', manager.token, { ref: 'X-3', customerId, currency: 'euro' });
      expect([currency.status, currency.body.errors[0].path]).toEqual([400, 'currency']);
      const status = await api.post('/orders', manager.token, { ref: 'X-4', customerId, status: 'shipped' });
      expect([status.status, status.body.errors[0].path]).toEqual([400, 'status']);
      const ok = await api.post('/orders', manager.token, {
        ref: 'X-5',
        customerId,
        totalExclTax: 1250.5,
        currency: 'CHF',
      });
      expect(ok.body).toMatchObject({
        totalExclTax: '1250.50',
        currency: 'CHF',
        status: 'draft',
        nextFollowupAt: null,
      });
      expect((await api.delete(`/orders/${ok.body.id}`, admin.token)).status).toBe(204);
    });

    it('a closed order is never due, whatever its next date', async () => {
      const o = (
        await api.post('/orders', manager.token, { ref: 'CLOSE-1', customerId, status: 'validated' })
      ).body;
      await api.post('/followups', sales.token, {
        orderId: o.id,
        channel: 'phone',
        note: '',
        doneAt: '2026-11-01T10:00:00Z',
        nextAt: '2026-11-05',
      });
      const due = async () =>
        (await api.get('/orders?due=overdue', manager.token)).body.items.map((x: { ref: string }) => x.ref);
      expect(await due()).toContain('CLOSE-1');
      await api.patch(`/orders/${o.id}`, manager.token, { status: 'delivered' });
      expect(await due()).not.toContain('CLOSE-1');
      await api.patch(`/orders/${o.id}`, manager.token, { status: 'cancelled' });
      expect(await due()).not.toContain('CLOSE-1');
    });

    it('sorts orders on follow-up columns', async () => {
      const r = await api.get('/orders?sort=-followupCount&limit=3', manager.token);
      const counts = r.body.items.map((o: { followupCount: number }) => o.followupCount);
      expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
      expect((await api.get('/orders?sort=secret', manager.token)).status).toBe(400);
    });
  });

  describe('the dashboard', () => {
    it('gives the caller their counts, and the team counts only to roles that see all', async () => {
      const s = await api.get('/dashboard', sales.token);
      expect(s.body).toMatchObject({ today: '2026-11-26' });
      expect(s.body.team).toBeUndefined();
      expect(s.body.overdue).toBeGreaterThanOrEqual(1);
      expect(s.body.doneToday).toBeGreaterThanOrEqual(1);
      const m = await api.get('/dashboard', manager.token);
      expect(m.body.team.overdue).toBeGreaterThanOrEqual(s.body.overdue);
      expect((await api.get('/dashboard', viewer.token)).body.team).toBeDefined();
    });
  });

  describe('the role matrix', () => {
    const roles = ['admin', 'manager', 'sales', 'viewer'] as const;
    const tokenOf = (r: (typeof roles)[number]) => ({ admin, manager, sales, viewer })[r].token;

    it('lets every role read, and only admin, manager and sales record follow-ups', async () => {
      for (const role of roles) {
        expect((await api.get('/followups', tokenOf(role))).status, role).toBe(200);
        const r = await api.post('/followups', tokenOf(role), {
          orderId,
          channel: 'other',
          note: `by ${role}`,
        });
        expect(r.status, role).toBe(role === 'viewer' ? 403 : 201);
      }
    });

    it('lets only admin and manager write customers and orders', async () => {
      for (const role of roles) {
        const c = await api.post('/customers', tokenOf(role), { name: `Client de ${role}` });
        expect(c.status, role).toBe(role === 'admin' || role === 'manager' ? 201 : 403);
        const p = await api.patch(`/orders/${orderId}`, tokenOf(role), { customerRef: `ref ${role}` });
        expect(p.status, role).toBe(role === 'admin' || role === 'manager' ? 200 : 403);
      }
    });

    it("lets admin and manager change anyone's follow-up, sales only their own, viewers nothing", async () => {
      const mine = (await api.post('/followups', sales.token, { orderId, channel: 'phone', note: 'mine' }))
        .body;
      const managers = (
        await api.post('/followups', manager.token, { orderId, channel: 'phone', note: 'manager' })
      ).body;
      expect((await api.patch(`/followups/${mine.id}`, sales.token, { note: 'mine, edited' })).status).toBe(
        200,
      );
      expect((await api.patch(`/followups/${managers.id}`, sales.token, { note: 'hijack' })).status).toBe(
        403,
      );
      expect((await api.delete(`/followups/${managers.id}`, sales.token)).status).toBe(403);
      expect((await api.patch(`/followups/${mine.id}`, viewer.token, { note: 'x' })).status).toBe(403);
      expect((await api.delete(`/followups/${mine.id}`, viewer.token)).status).toBe(403);
      expect((await api.patch(`/followups/${mine.id}`, otherSales.token, { note: 'x' })).status).toBe(404);
      expect((await api.patch(`/followups/${mine.id}`, manager.token, { note: 'checked' })).status).toBe(200);
      expect((await api.delete(`/followups/${managers.id}`, admin.token)).status).toBe(204);
    });

    it('hides customers, orders and follow-ups of other reps from a salesperson (404, absent from lists)', async () => {
      expect((await api.get(`/customers/${otherCustomerId}`, sales.token)).status).toBe(404);
      expect((await api.get(`/orders/${orderId}`, otherSales.token)).status).toBe(404);
      const list = await api.get('/customers?limit=200', sales.token);
      expect(list.body.items.map((c: { id: number }) => c.id)).not.toContain(otherCustomerId);
      const followups = await api.get('/followups?limit=200', otherSales.token);
      expect(followups.body.items).toEqual([]);
    });
  });

  describe('documentation', () => {
    it('serves an OpenAPI 3.1 document generated from the schemas, and local interactive docs', async () => {
      const doc = await api.get('/openapi.json', null);
      expect(doc.body.openapi).toBe('3.1.0');
      for (const path of [
        '/followups',
        '/followups/{id}',
        '/orders',
        '/orders/{id}',
        '/customers',
        '/customers/{id}',
        '/orders/{id}/followups',
        '/customers/{id}/followups',
        '/dashboard',
        '/users/me',
      ])
        expect(Object.keys(doc.body.paths), path).toContain(path);
      expect(doc.body.components.schemas.Followup.properties).toHaveProperty('orderRef');
      const html = await api.app.request('/api/docs');
      expect(await html.text()).toContain('/api/docs/swagger-ui-bundle.js');
      const js = await api.app.request('/api/docs/swagger-ui-bundle.js');
      expect(js.status).toBe(200);
      expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    });

    it('answers unknown API routes with a problem+json 404', async () => {
      const r = await api.get('/nothing-here', manager.token);
      expect(r.status).toBe(404);
      expect(r.contentType).toContain('application/problem+json');
    });
  });
});
