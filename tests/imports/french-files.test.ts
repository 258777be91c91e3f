// A French sales team brings its spreadsheets: customers, orders and follow-ups exported from Excel
// (Windows-1252 or UTF-8 with BOM, semicolons, dd/mm/yyyy, "1 234,56") import as they read on screen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditOf } from '../../src/modules/audit/audit.repository.ts';
import { listCustomers } from '../../src/modules/customers/customer.service.ts';
import { listFollowups } from '../../src/modules/followups/followup.service.ts';
import { importCsv } from '../../src/modules/imports/import.service.ts';
import { listOrders } from '../../src/modules/orders/order.service.ts';
import { type Person, person } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'csv', name));

describeEachDialect('importing a French spreadsheet export', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    clock = testClock('2026-11-26T09:00:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    manager = await person(ctx, 'manon', 'manager', 'Manon Manager');
    alice = await person(ctx, 'alice', 'sales', 'Alice Vendeuse');
    bob = await person(ctx, 'bob', 'sales', 'Bob Vendeur');
  });
  afterAll(async () => db?.drop());

  it('reads customers from Windows-1252 with semicolons, accents and a quoted delimiter intact', async () => {
    const report = await importCsv(ctx, manager.actor, 'customers', fixture('clients-excel-fr.csv'));
    expect(report).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      lines: 4,
      created: 4,
      updated: 0,
      unchanged: 0,
      rejected: [],
    });
    const { items } = await listCustomers(ctx, manager.actor, { limit: 50, sort: 'code' });
    expect(items.map((c) => [c.code, c.name, c.kind, c.town, c.salesRepId])).toEqual([
      ['CL0001', 'Boulangerie Lefèvre', 'customer', 'Évreux', alice.user.id],
      ['CL0002', 'Garage Müller & Fils', 'prospect', 'Strasbourg', bob.user.id],
      ['CL0003', 'Café de la Gare; Chez Dédé', 'customer', 'Besançon', null],
      ['CL0004', 'Société Générale d’Œnologie', 'customer', 'Mâcon', alice.user.id],
    ]);
    expect(items[0]?.phone).toBe('01 23 45 67 89');
    expect(items[1]?.email).toBeNull();
  });

  it('reads orders with French statuses, dates and amounts ("1 234,56", "12 500", "45,5")', async () => {
    const report = await importCsv(ctx, manager.actor, 'orders', fixture('commandes-excel-fr.csv'));
    expect(report).toMatchObject({ encoding: 'windows-1252', created: 6, rejected: [] });
    const { items } = await listOrders(ctx, manager.actor, { limit: 50, sort: 'ref' });
    expect(
      items.map((o) => [
        o.ref,
        o.customerName,
        o.status,
        o.orderDate,
        o.deliveryDate,
        o.totalExclTax,
        o.customerRef,
      ]),
    ).toEqual([
      ['CO2611-0001', 'Boulangerie Lefèvre', 'validated', '2026-11-03', '2026-12-15', '1234.56', 'BC-778'],
      ['CO2611-0002', 'Garage Müller & Fils', 'draft', '2026-11-05', null, '980.00', null],
      [
        'CO2611-0003',
        'Café de la Gare; Chez Dédé',
        'in_progress',
        '2026-11-06',
        '2026-11-20',
        '12500.00',
        'Cde été',
      ],
      ['CO2611-0004', 'Boulangerie Lefèvre', 'delivered', '2026-11-07', '2026-11-10', '45.50', null],
      ['CO2611-0005', 'Société Générale d’Œnologie', 'cancelled', '2026-11-08', null, '0.00', null],
      ['CO2611-0006', 'Société Générale d’Œnologie', 'validated', '2026-11-09', null, '2000.00', null],
    ]);
  });

  it("reads follow-ups from UTF-8 with BOM, local times in Paris, and sets each order's next date", async () => {
    const report = await importCsv(ctx, manager.actor, 'followups', fixture('relances-excel-fr.csv'));
    expect(report).toMatchObject({ encoding: 'utf-8', delimiter: ';', lines: 4, created: 4, rejected: [] });
    const { items } = await listFollowups(ctx, manager.actor, { limit: 50, sort: 'doneAt' });
    expect(
      items.map((f) => [f.orderRef, f.channel, f.note, f.doneAt, f.nextAt, f.userName, f.outcome]),
    ).toEqual([
      [
        'CO2611-0001',
        'phone',
        'Veut réfléchir. À rappeler dans 2 semaines',
        '2026-11-12T09:30:00.000Z',
        '2026-11-26',
        'Alice Vendeuse',
        'reached',
      ],
      [
        'CO2611-0002',
        'meeting',
        'RDV au garage',
        '2026-11-18T13:00:00.000Z',
        '2026-12-02',
        'Bob Vendeur',
        'reached',
      ],
      [
        'CO2611-0003',
        'letter',
        'Courrier recommandé',
        '2026-11-18T23:00:00.000Z',
        null,
        'Alice Vendeuse',
        null,
      ],
      [
        'CO2611-0001',
        'email',
        'Relance écrite :\r\ndevis renvoyé',
        '2026-11-20T08:00:00.000Z',
        '2026-11-27',
        'Alice Vendeuse',
        null,
      ],
    ]);
    const orders = await listOrders(ctx, manager.actor, { limit: 50, sort: 'ref' });
    expect(
      orders.items.slice(0, 3).map((o) => [o.ref, o.nextFollowupAt, o.followupCount, o.nextAssigneeId]),
    ).toEqual([
      ['CO2611-0001', '2026-11-27', 2, alice.user.id],
      ['CO2611-0002', '2026-12-02', 1, bob.user.id],
      ['CO2611-0003', null, 1, alice.user.id],
    ]);
    // The audit trail says who imported each follow-up.
    const first = items[0];
    expect(first && (await auditOf(db.database.db, 'followup', first.id))).toMatchObject([
      { action: 'create', userId: manager.user.id },
    ]);
  });

  it('reads English headers, commas and ISO dates with an offset just as well', async () => {
    const report = await importCsv(ctx, manager.actor, 'followups', fixture('relances-utf8-comma.csv'));
    expect(report).toMatchObject({ encoding: 'utf-8', delimiter: ',', created: 1, rejected: [] });
    const { items } = await listFollowups(ctx, manager.actor, { limit: 1, sort: '-doneAt' });
    expect(items[0]).toMatchObject({
      note: 'Call back, after the holidays',
      doneAt: '2026-11-21T10:00:00.000Z',
      nextAt: '2026-12-07',
      outcome: 'no_answer',
    });
    const o = (await listOrders(ctx, manager.actor, { limit: 1, q: 'CO2611-0003' })).items[0];
    expect(o?.nextFollowupAt).toBe('2026-12-07');
  });

  it('says "0 created, 0 updated, N unchanged" when the same files are imported again', async () => {
    for (const [kind, file, n] of [
      ['customers', 'clients-excel-fr.csv', 4],
      ['orders', 'commandes-excel-fr.csv', 6],
      ['followups', 'relances-excel-fr.csv', 4],
      ['followups', 'relances-utf8-comma.csv', 1],
    ] as const) {
      const report = await importCsv(ctx, manager.actor, kind, fixture(file));
      expect([file, report.created, report.updated, report.unchanged]).toEqual([file, 0, 0, n]);
    }
  });
});
