// A manager lists the delivered orders (most of them) or the drafts (a few) and sorts them on any column:
// every page in turn gives each order once, in the order of one long page. On SQLite, a status that keeps
// many orders is checked on each row of the sort's index (statusKeepsMany) instead of reading all its
// orders and sorting them; a rare one keeps its own index.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type OrderCriteria, statusKeepsMany } from '../../src/modules/orders/order.repository.ts';
import { ORDER_SORTS } from '../../src/modules/orders/order.schemas.ts';
import { listOrders } from '../../src/modules/orders/order.service.ts';
import { seedBulk } from '../../src/modules/seed/bulk-seed.ts';
import { type Person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

describeEachDialect('orders filtered on a status and sorted on another column', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    ({ manager } = await team(ctx, 'manager'));
    await seedBulk(ctx, { customers: 20, orders: 400, followups: 800, users: 2 });
  });
  afterAll(async () => db?.drop());

  async function byPages(status: 'delivered' | 'draft', sort: string): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const page = await listOrders(ctx, manager.actor, { status, sort, limit: 40, cursor });
      ids.push(...page.items.map((o) => o.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('more than 200 pages');
  }

  it.each(['delivered', 'draft'] as const)(
    'gives every %s order once, page after page, for every sort',
    async (status) => {
      for (const key of ORDER_SORTS)
        for (const sort of [key, `-${key}`]) {
          const whole = await listOrders(ctx, manager.actor, { status, sort, limit: 1000 });
          expect(whole.items.every((o) => o.status === status)).toBe(true);
          expect(await byPages(status, sort), sort).toEqual(whole.items.map((o) => o.id));
        }
    },
  );

  if (dialect === 'sqlite')
    it('walks the sort for a status most orders have, not for a rare one', async () => {
      const delivered = await listOrders(ctx, manager.actor, { status: 'delivered', limit: 1000 });
      const drafts = await listOrders(ctx, manager.actor, { status: 'draft', limit: 1000 });
      expect(delivered.items.length).toBeGreaterThan(100);
      expect(drafts.items.length).toBeLessThan(100);
      const all = { all: true } as const;
      const keeps = (k: Omit<OrderCriteria, 'scope'>, sort = 'ref') =>
        statusKeepsMany(db.database.db, 'sqlite', { scope: all, ...k }, sort);
      expect(await keeps({ status: 'delivered' })).toBe(true);
      expect(await keeps({ status: 'draft' })).toBe(false);
      // Its own index already serves these.
      expect(await keeps({ status: 'delivered' }, 'createdAt')).toBe(false);
      // A due filter besides keeps the status's index: the walk would check both on each order.
      expect(await keeps({ status: 'delivered', due: { before: '2026-11-26' } })).toBe(false);
    });
});
