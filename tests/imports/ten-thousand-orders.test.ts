// A new user's first day: a French spreadsheet of 10,000 orders (and their follow-ups) goes in at once,
// with a progress report, and comes in again unchanged.
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getDashboard } from '../../src/modules/dashboard/dashboard.service.ts';
import { importCsv } from '../../src/modules/imports/import.service.ts';
import type { ImportPhase } from '../../src/modules/imports/import-report.ts';
import { summary } from '../../src/modules/imports/import-report.ts';
import { listOrders } from '../../src/modules/orders/order.service.ts';
import { type Person, person } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

const ORDERS = 10_000;
/** Generous: the whole suite runs files in parallel on small machines; this is a safety net, not a measure. */
const BIG_FILE_TIMEOUT = 180_000;
const CUSTOMERS = 200;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const frDate = (day: number) => `${pad((day % 28) + 1, 2)}/${pad((day % 12) + 1, 2)}/2026`;
const STATUSES = ['Brouillon', 'Validée', 'En cours', 'Livrée', 'Annulée'];

function excelFile(lines: string[]): Buffer {
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1252');
}

describeEachDialect('a spreadsheet of 10,000 orders', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    clock = testClock('2026-11-26T09:00:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    manager = await person(ctx, 'manon', 'manager');
    await person(ctx, 'alice', 'sales');
    const customers = ['Code client;Raison sociale;Ville;Commercial'];
    for (let i = 1; i <= CUSTOMERS; i++)
      customers.push(`CL${pad(i, 4)};Société n°${i} à Besançon;Besançon;alice`);
    expect((await importCsv(ctx, manager.actor, 'customers', excelFile(customers))).created).toBe(CUSTOMERS);
  });
  afterAll(async () => db?.drop());

  it(
    'imports them in one go, reporting progress, and the second time finds them all unchanged',
    async () => {
      const lines = ['Réf.;Code client;Statut;Date commande;Montant HT;Devise;Réf. client'];
      for (let i = 1; i <= ORDERS; i++)
        lines.push(
          `CO${pad(i, 6)};CL${pad((i % CUSTOMERS) + 1, 4)};${STATUSES[i % 5]};${frDate(i)};${i % 100} ${pad(i % 1000, 3)},${pad(i % 100, 2)};EUR;Cde n°${i}`,
        );
      const file = excelFile(lines);
      const seen = new Map<ImportPhase, number>();
      const started = Date.now();
      const report = await importCsv(ctx, manager.actor, 'orders', file, {
        progress: (phase, done, total) => {
          expect(total).toBe(ORDERS);
          seen.set(phase, done);
        },
      });
      const ms = Date.now() - started;
      expect(report.rejected).toEqual([]);
      expect(summary(report)).toBe(`${ORDERS} created, 0 updated, 0 unchanged`);
      expect(Object.fromEntries(seen)).toEqual({ check: ORDERS, write: ORDERS });
      console.info(`[${dialect}] imported ${ORDERS} orders in ${ms} ms`);
      if (dialect === 'sqlite') {
        // SQLite's planner knows the orders are 10,000 now, not what they were in the new database.
        const stats = await sql<{ stat: string }>`select stat from sqlite_stat1
          where idx = 'orders_customer_idx'`.execute(db.database.db);
        expect(Number(stats.rows[0]?.stat.split(' ')[0])).toBe(ORDERS);
      }

      const page = await listOrders(ctx, manager.actor, { limit: 2, sort: 'ref' });
      expect(page.items.map((o) => [o.ref, o.status, o.totalExclTax, o.orderDate, o.customerRef])).toEqual([
        ['CO000001', 'validated', '1001.01', '2026-02-02', 'Cde n°1'],
        ['CO000002', 'in_progress', '2002.02', '2026-03-03', 'Cde n°2'],
      ]);
      const again = await importCsv(ctx, manager.actor, 'orders', file);
      expect(summary(again)).toBe(`0 created, 0 updated, ${ORDERS} unchanged`);
    },
    BIG_FILE_TIMEOUT,
  );

  it(
    'imports 10,000 follow-ups on them, and the dashboard counts what is due',
    async () => {
      // Every order gets one follow-up done on 20 Nov; the next date is the 25th (overdue) for even orders,
      // today (26th) for odd ones.
      const lines = ['Commande;Canal;Note;Date;Date de prochaine relance;Utilisateur'];
      for (let i = 1; i <= ORDERS; i++)
        lines.push(
          `CO${pad(i, 6)};Téléphone;Relance n°${i};20/11/2026 10:00;${i % 2 ? '26' : '25'}/11/2026;alice`,
        );
      const started = Date.now();
      const report = await importCsv(ctx, manager.actor, 'followups', excelFile(lines));
      console.info(`[${dialect}] imported ${ORDERS} follow-ups in ${Date.now() - started} ms`);
      expect(summary(report)).toBe(`${ORDERS} created, 0 updated, 0 unchanged`);
      // Open orders are those not delivered (i % 5 = 3) nor cancelled (i % 5 = 4): 6,000 of them.
      const d = await getDashboard(ctx, manager.actor);
      expect([d.team?.overdue, d.team?.dueToday]).toEqual([3000, 3000]);
    },
    BIG_FILE_TIMEOUT,
  );
});
