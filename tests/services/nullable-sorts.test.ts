// Lists sorted on a column that may be empty (a follow-up's next date, an order's dates, a customer's code
// or town): the empty ones come after the others in ascending order and before them in descending order, and
// reading page after page by cursors gives every row once, in the order of one long page, across the
// border between dated and empty rows too. (Ascending, the rows after a cursor with a value are read as two
// index ranges, decision 0419: values first, then the empty ones.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/permissions.ts';
import { listCustomers } from '../../src/modules/customers/customer.service.ts';
import { listFollowups } from '../../src/modules/followups/followup.service.ts';
import { listOrders } from '../../src/modules/orders/order.service.ts';
import { seedBulk } from '../../src/modules/seed/bulk-seed.ts';
import { customer, type Person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

type Lister = (
  actor: Actor,
  query: { sort: string; limit: number; cursor?: string | undefined },
) => Promise<{ items: { id: number }[]; nextCursor: string | null }>;

describeEachDialect('lists sorted on a column that may be empty', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    ({ manager } = await team(ctx, 'manager'));
    await seedBulk(ctx, { customers: 15, orders: 60, followups: 150, users: 2 });
    // Customers with no code and no town.
    for (let i = 0; i < 9; i++) await customer(ctx, `Client sans code ${i}`);
  });
  afterAll(async () => db?.drop());

  const lists: Record<string, [Lister, string[]]> = {
    'follow-ups': [(a, q) => listFollowups(ctx, a, q), ['nextAt']],
    orders: [
      (a, q) => listOrders(ctx, a, q),
      ['nextFollowupAt', 'lastFollowupAt', 'orderDate', 'deliveryDate'],
    ],
    customers: [(a, q) => listCustomers(ctx, a, q), ['code', 'town']],
  };

  async function byPages(list: Lister, sort: string, limit: number): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 500; pages++) {
      const page = await list(manager.actor, { sort, limit, cursor });
      ids.push(...page.items.map((r) => r.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('more than 500 pages');
  }

  describe.each(Object.entries(lists))('%s', (_, [list, sorts]) => {
    it('gives every row once, page after page, in the order of one long page, both ways', async () => {
      for (const key of sorts)
        for (const sort of [key, `-${key}`]) {
          const whole = (await list(manager.actor, { sort, limit: 200 })).items.map((r) => r.id);
          expect(whole.length, sort).toBeGreaterThan(8);
          expect(whole.length, sort).toBeLessThan(200);
          for (const limit of [7, 25])
            expect(await byPages(list, sort, limit), `${sort} by ${limit}`).toEqual(whole);
        }
    });
  });

  it('has dated and empty rows on both sides of the border it pages across', async () => {
    const asc = (await listFollowups(ctx, manager.actor, { sort: 'nextAt', limit: 200 })).items;
    const firstEmpty = asc.findIndex((f) => f.nextAt === null);
    expect(firstEmpty).toBeGreaterThan(0);
    expect(asc.slice(firstEmpty).every((f) => f.nextAt === null)).toBe(true);
    const desc = (await listCustomers(ctx, manager.actor, { sort: '-code', limit: 200 })).items;
    const firstCoded = desc.findIndex((c) => c.code !== null);
    expect(firstCoded).toBeGreaterThan(0);
    expect(desc.slice(firstCoded).every((c) => c.code !== null)).toBe(true);
  });
});
