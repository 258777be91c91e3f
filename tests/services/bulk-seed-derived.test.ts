// The bulk seed loads large sets with the derived-data triggers off and fills that data itself. A manager who
// seeds a million follow-ups, or adds a few more later, must see the same dashboard, and find the same
// customers, as if every customer, order and follow-up had been recorded one by one.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findCustomerByText } from '../../src/modules/customers/customer.service.ts';
import { getDashboard } from '../../src/modules/dashboard/dashboard.service.ts';
import * as followups from '../../src/modules/followups/followup.service.ts';
import { seedBulk } from '../../src/modules/seed/bulk-seed.ts';
import {
  dayCountersAndRecount,
  dueCountersAndRecount,
  dueTotalsAndRecount,
  hourCountersAndRecount,
} from '../setup/counter-recounts.ts';
import { type Person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

describeEachDialect('derived data after a bulk seed', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    ({ manager } = await team(ctx, 'manager'));
  });
  afterAll(async () => db?.drop());

  async function expectCountersEqualRecounts() {
    for (const state of [
      await dueCountersAndRecount(db.database.db, dialect),
      await dueTotalsAndRecount(db.database.db),
      await hourCountersAndRecount(db.database.db, dialect),
      await dayCountersAndRecount(db.database.db, dialect),
    ]) {
      expect(state.recount.length).toBeGreaterThan(0);
      expect(state.counters).toEqual(state.recount);
    }
  }

  /** The last row the seed made in a table: its id and one column. */
  async function newest<R>(table: 'followups' | 'customers', column: string): Promise<R> {
    const r =
      await sql<R>`select id, ${sql.ref(column)} from ${sql.table(table)} order by id desc limit 1`.execute(
        db.database.db,
      );
    const row = r.rows[0];
    if (!row) throw new Error(`the seed made no row in ${table}`);
    return row;
  }

  /** Open orders with a next date before today (26 November), counted on the orders themselves. */
  async function overdueByCounting(): Promise<number> {
    const r = await sql<{ n: number }>`select count(*) as n from orders
      where is_open = 1 and next_followup_at < ${'2026-11-26'}`.execute(db.database.db);
    return Number(r.rows[0]?.n);
  }

  it('equal a recount after a large load, a small one on top, and writes after both', async () => {
    // 50,500 rows: the large path, which drops the triggers and fills the counters in bulk.
    await seedBulk(ctx, { customers: 500, orders: 5_000, followups: 45_000, users: 4 });
    await expectCountersEqualRecounts();

    // The notes' text index, filled in bulk by the load, finds a seeded note and is consistent.
    const seeded = await newest<{ id: number; note: string }>('followups', 'note');
    const tag = seeded.note.slice(seeded.note.lastIndexOf('('));
    const found = await followups.listFollowups(ctx, manager.actor, { q: tag, limit: 5 });
    expect(found.items.map((f) => f.id)).toEqual([Number(seeded.id)]);
    if (dialect === 'sqlite')
      await sql`insert into followups_fts (followups_fts) values (${'integrity-check'})`.execute(
        db.database.db,
      );
    const overdue = await overdueByCounting();
    expect(overdue).toBeGreaterThan(0);
    expect((await getDashboard(ctx, manager.actor)).team?.overdue).toBe(overdue);

    // Its customers are found by their name typed in any case (customers.name_folded).
    const last = await newest<{ id: number; name: string }>('customers', 'name');
    expect((await findCustomerByText(ctx, manager.actor, last.name.toUpperCase()))?.id).toBe(Number(last.id));

    // A few more, through the triggers.
    await seedBulk(ctx, { customers: 10, orders: 100, followups: 500, users: 1 });
    await expectCountersEqualRecounts();

    // A follow-up that plans nothing closes nothing but clears the order's next date; one on an order
    // without a next date plans one.
    const open = await sql<{
      id: number;
      next: string | null;
    }>`select id, next_followup_at as next from orders
      where is_open = 1 order by id limit 200`.execute(db.database.db);
    const planned = open.rows.find((o) => o.next !== null);
    const unplanned = open.rows.find((o) => o.next === null);
    if (!planned || !unplanned) throw new Error('the seed left no open order with and without a next date');
    await followups.createFollowup(ctx, manager.actor, {
      orderId: planned.id,
      channel: 'phone',
      note: 'Fait',
    });
    await followups.createFollowup(ctx, manager.actor, {
      orderId: unplanned.id,
      channel: 'email',
      note: 'À rappeler',
      nextAt: '2026-11-26',
    });
    await expectCountersEqualRecounts();
    expect((await getDashboard(ctx, manager.actor)).team?.overdue).toBe(await overdueByCounting());
  });
});
