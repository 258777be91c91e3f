// An administrator connects Relance to Dolibarr: the first sync brings the third parties and orders, the next
// ones only what changed, and re-running changes nothing. Against a fake Dolibarr serving recorded answers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syncDolibarr } from '../../src/modules/dolibarr/dolibarr.service.ts';
import { createFollowup } from '../../src/modules/followups/followup.service.ts';
import { getOrder, listOrders } from '../../src/modules/orders/order.service.ts';
import { type Person, person } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { FakeDolibarr } from './fake-dolibarr.ts';
import {
  countRows,
  customerByExternalId,
  dolibarrCustomers,
  dolibarrOrders,
  options,
  orderByExternalId,
} from './helpers.ts';

describeEachDialect('importing from Dolibarr', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let fake: FakeDolibarr;
  let manager: Person;
  let alice: Person;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    clock = testClock('2026-11-28T08:00:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    manager = await person(ctx, 'manon', 'manager');
    alice = await person(ctx, 'alice', 'sales');
    fake = await new FakeDolibarr().start();
  });
  afterAll(async () => {
    await fake?.stop();
    await db?.drop();
  });

  it('brings the recorded third parties and orders on the first run, from the address users open', async () => {
    const report = await syncDolibarr(ctx, options(fake));
    expect(report).toMatchObject({
      dolibarr: `${fake.url}/api/index.php`,
      version: '23.0.1',
      modifiedFrom: null,
      thirdparties: { fetched: 3, created: 3, updated: 0, unchanged: 0, skipped: 0 },
      orders: { fetched: 5, created: 5, updated: 0, unchanged: 0, skipped: 0 },
      issues: [],
      error: null,
    });
    // Every request carried the key, and the list asked only for customers and prospects.
    expect(fake.requests('/thirdparties')[0]?.query).toMatchObject({
      sqlfilters: '(t.client:>:0)',
      sortfield: 't.rowid',
      limit: '100',
      page: '0',
    });

    const customers = await dolibarrCustomers(ctx);
    expect(
      customers.map((c) => [c.external_id, c.code, c.name, c.kind, c.email, c.phone, c.town, c.country]),
    ).toEqual([
      [
        '1',
        'CU2611-00001',
        'Boulangerie Martin SARL',
        'customer',
        'contact@boulangerie-martin.example',
        '+33123456789',
        'Paris',
        'FR',
      ],
      [
        '2',
        'CU2611-00002',
        'Garage Dupont & Fils',
        'customer',
        'compta@garage-dupont.example',
        '+33478000000',
        'Lyon',
        'FR',
      ],
      // client 3 (customer and prospect) is a customer.
      [
        '3',
        'CU2611-00003',
        'Pharmacie Centrale',
        'customer',
        'achats@pharmacie-centrale.example',
        null,
        'Bordeaux',
        'FR',
      ],
    ]);

    const martin = await customerByExternalId(ctx, '1');
    const orders = await dolibarrOrders(ctx);
    expect(
      orders.map((o) => [
        o.external_id,
        o.ref,
        o.status,
        o.is_open,
        o.order_date,
        String(Number(o.total_excl_tax).toFixed(2)),
        o.currency,
        o.customer_ref,
      ]),
    ).toEqual([
      ['1', '(PROV1)', 'draft', 1, '2026-10-19', '2070.00', 'EUR', 'CUST-PO-1001'],
      ['2', 'CO2610-0001', 'validated', 1, '2026-10-29', '3620.00', 'EUR', 'CUST-PO-1002'],
      ['3', 'CO2611-0002', 'delivered', 0, '2026-11-08', '1080.00', 'EUR', 'CUST-PO-2001'],
      ['4', 'CO2611-0003', 'cancelled', 0, '2026-11-18', '1020.00', 'EUR', 'CUST-PO-3001'],
      ['5', 'CO2611-0004', 'validated', 1, '2026-11-23', '3120.00', 'EUR', 'CUST-PO-2002'],
    ]);
    const o2 = await orderByExternalId(ctx, '2');
    expect(o2.customer_id).toBe(martin.id);
    // What a manager sees through the order service.
    expect(await getOrder(ctx, manager.actor, o2.id)).toMatchObject({
      ref: 'CO2610-0001',
      customerName: 'Boulangerie Martin SARL',
      totalExclTax: '3620.00',
      orderDate: '2026-10-29',
      externalId: '2',
      followupCount: 0,
    });
  });

  it('asks only for changes on the next run, and finds none', async () => {
    fake.clearLog();
    fake.now += 3600;
    const report = await syncDolibarr(ctx, options(fake));
    expect(report.modifiedFrom).toBe('2026-11-27');
    expect(fake.requests('/orders')[0]?.query.sqlfilters).toBe("(t.tms:>=:'20261127')");
    expect(fake.requests('/thirdparties')[0]?.query.sqlfilters).toBe(
      "(t.client:>:0) and (t.tms:>=:'20261127')",
    );
    // Dolibarr answers "no third party" with a 404: an empty page, not an error.
    expect(fake.requests('/thirdparties')[0]?.status).toBe(404);
    expect(report.thirdparties).toEqual({ fetched: 0, created: 0, updated: 0, unchanged: 0, skipped: 0 });
    expect(report.orders).toEqual({ fetched: 0, created: 0, updated: 0, unchanged: 0, skipped: 0 });
  });

  it('keeps its progress per Dolibarr address: the same API root goes on, another address reads all', async () => {
    fake.clearLog();
    const same = await syncDolibarr(ctx, options(fake, { url: `${fake.url}/api/index.php/` }));
    expect(same.modifiedFrom).toBe('2026-11-27');
    const other = await syncDolibarr(ctx, options(fake, { url: `http://localhost:${fake.port}/dolibarr` }));
    expect(other.modifiedFrom).toBeNull();
    expect(other.orders).toEqual({ fetched: 5, created: 0, updated: 0, unchanged: 5, skipped: 0 });
  });

  it('changes nothing when everything is read again (--full): same rows, no audit entries', async () => {
    const before = {
      orders: await dolibarrOrders(ctx),
      customers: await dolibarrCustomers(ctx),
      audit: await countRows(ctx, 'audit_log'),
    };
    clock.set('2026-11-28T09:00:00Z');
    const report = await syncDolibarr(ctx, options(fake, { full: true }));
    expect(report.thirdparties).toEqual({ fetched: 3, created: 0, updated: 0, unchanged: 3, skipped: 0 });
    expect(report.orders).toEqual({ fetched: 5, created: 0, updated: 0, unchanged: 5, skipped: 0 });
    expect(await dolibarrOrders(ctx)).toEqual(before.orders);
    expect(await dolibarrCustomers(ctx)).toEqual(before.customers);
    expect(await countRows(ctx, 'audit_log')).toBe(before.audit);
  });

  it('follows a status change in Dolibarr without touching the follow-up summary', async () => {
    const o2 = await orderByExternalId(ctx, '2');
    await createFollowup(ctx, manager.actor, {
      orderId: o2.id,
      channel: 'phone',
      note: 'Veut réfléchir',
      doneAt: '2026-11-20T10:00:00+01:00',
      nextAt: '2026-11-27',
      userId: manager.user.id,
    });
    const due = async () =>
      (await listOrders(ctx, manager.actor, { limit: 50, due: 'due' })).items.map((o) => o.ref);
    expect(await due()).toEqual(['CO2610-0001']);

    // A Dolibarr user closes the order (delivered) a day later.
    fake.now += 86_400;
    fake.editOrder('2', { statut: '3', status: '3' });
    fake.clearLog();
    const report = await syncDolibarr(ctx, options(fake));
    expect(fake.requests('/orders')[0]?.items).toBe(1);
    expect(report.orders).toEqual({ fetched: 1, created: 0, updated: 1, unchanged: 0, skipped: 0 });
    const after = await orderByExternalId(ctx, '2');
    expect(after).toMatchObject({
      status: 'delivered',
      is_open: 0,
      next_followup_at: '2026-11-27',
      followup_count: 1,
      last_followup_id: o2.last_followup_id ?? expect.any(Number),
    });
    expect(await due()).toEqual([]);

    // Re-opened in Dolibarr: due again.
    fake.now += 60;
    fake.editOrder('2', { statut: '1', status: '1' });
    await syncDolibarr(ctx, options(fake));
    expect((await orderByExternalId(ctx, '2')).is_open).toBe(1);
    expect(await due()).toEqual(['CO2610-0001']);
  });

  it('moves an order and its follow-ups to the new customer when Dolibarr changes socid', async () => {
    fake.now += 60;
    fake.editOrder('2', { socid: '2' });
    fake.editThirdParty('2', { client: '2', name: 'Garage Dupont et Fils' });
    const report = await syncDolibarr(ctx, options(fake));
    expect(report.thirdparties).toMatchObject({ fetched: 1, updated: 1 });
    const garage = await customerByExternalId(ctx, '2');
    expect(garage).toMatchObject({ name: 'Garage Dupont et Fils', kind: 'prospect' });
    const o2 = await orderByExternalId(ctx, '2');
    expect(o2.customer_id).toBe(garage.id);
    const followups = await ctx.database.db
      .selectFrom('followups')
      .select('customer_id')
      .where('order_id', '=', o2.id)
      .execute();
    expect(followups).toEqual([{ customer_id: garage.id }]);
  });

  it('keeps what Relance owns: the sales rep set in Relance survives a Dolibarr change', async () => {
    const garage = await customerByExternalId(ctx, '2');
    await ctx.database.db
      .updateTable('customers')
      .set({ sales_rep_id: alice.user.id })
      .where('id', '=', garage.id)
      .execute();
    fake.now += 60;
    fake.editThirdParty('2', { phone: '+33 1 00 00 00 00' });
    await syncDolibarr(ctx, options(fake));
    expect(await customerByExternalId(ctx, '2')).toMatchObject({
      phone: '+33 1 00 00 00 00',
      sales_rep_id: alice.user.id,
    });
  });
});

describeEachDialect('importing many pages from Dolibarr', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let fake: FakeDolibarr;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-28T08:00:00Z'));
    fake = await new FakeDolibarr().start();
  });
  afterAll(async () => {
    await fake?.stop();
    await db?.drop();
  });

  it('reads every page, stopping at a short page or an empty one (404 for third parties)', async () => {
    const { moreOrders, moreThirdParties } = await import('./fake-dolibarr.ts');
    moreThirdParties(fake, 197); // 200 in all: two full pages, then Dolibarr's 404
    moreOrders(fake, 245); // 250 in all: 100, 100, 50
    const report = await syncDolibarr(ctx, options(fake, { pageSize: 100 }));
    expect(fake.requests('/thirdparties').map((r) => [r.query.page, r.status, r.items])).toEqual([
      ['0', 200, 100],
      ['1', 200, 100],
      ['2', 404, -1],
    ]);
    expect(fake.requests('/orders').map((r) => [r.query.page, r.items])).toEqual([
      ['0', 100],
      ['1', 100],
      ['2', 50],
    ]);
    expect(report.thirdparties).toMatchObject({ fetched: 200, created: 200, skipped: 0 });
    expect(report.orders).toMatchObject({ fetched: 250, created: 250, skipped: 0 });
    expect(await countRows(ctx, 'customers')).toBe(200);
    expect(await countRows(ctx, 'orders')).toBe(250);
  });
});

describeEachDialect('records that clash with what Relance already has', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let fake: FakeDolibarr;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-28T08:00:00Z'));
    fake = await new FakeDolibarr().start();
  });
  afterAll(async () => {
    await fake?.stop();
    await db?.drop();
  });

  it('imports the rest and says which records were skipped or changed, and why', async () => {
    const { createCustomer } = await import('../../src/modules/customers/customer.service.ts');
    const { createOrder } = await import('../../src/modules/orders/order.service.ts');
    const local = await createCustomer(ctx, null, {
      name: 'Pharmacie locale',
      kind: 'customer',
      code: 'CU2611-00003',
    });
    await createOrder(ctx, null, {
      ref: 'CO2611-0004',
      customerId: local.id,
      status: 'draft',
      totalExclTax: '1.00',
      currency: 'EUR',
    });
    // A supplier (client 0) with a customer order: fetched on its own, then refused.
    const supplier = {
      ...(fake.thirdparties.get('1') ?? { id: '9' }),
      id: '9',
      client: '0',
      name: 'Fournisseur',
    };
    fake.putThirdParty(supplier);
    fake.putOrder({ ...(fake.orders.get('2') ?? { id: '6' }), id: '6', ref: 'CO2611-0009', socid: '9' });

    const report = await syncDolibarr(ctx, options(fake));
    expect(report.thirdparties).toMatchObject({ created: 3, skipped: 0 });
    expect(report.orders).toMatchObject({ fetched: 6, created: 4, skipped: 2 });
    expect(fake.requests('/thirdparties/9')).toHaveLength(1);
    expect(report.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entity: 'thirdparty',
          id: '3',
          level: 'warning',
          message: expect.stringContaining('code CU2611-00003 is already used'),
        }),
        expect.objectContaining({
          entity: 'order',
          id: '5',
          ref: 'CO2611-0004',
          level: 'skipped',
          message: expect.stringContaining('ref CO2611-0004 is already used'),
        }),
        expect.objectContaining({
          entity: 'order',
          id: '6',
          level: 'skipped',
          message: expect.stringContaining('neither a customer nor a prospect'),
        }),
      ]),
    );
    expect((await customerByExternalId(ctx, '3')).code).toBeNull();
  });
});
