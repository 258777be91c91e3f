// A due list (overdue, today, this week) holds the same follow-ups whatever column it is sorted on: the
// open orders' current follow-ups whose next date is in the window, each once, page after page.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { followupSortColumns } from '../../src/modules/followups/followup.repository.ts';
import { createFollowup, listFollowups } from '../../src/modules/followups/followup.service.ts';
import { customer, order, type Person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

describeEachDialect('due lists sorted on any column', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  let alice: Person;
  /** The current (second) follow-up of each order, by the order's number i below. */
  const current: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // Thursday 26 November 2026 in Paris.
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    ({ manager, alice } = await team(ctx, 'manager', 'alice'));
    const customers = [
      await customer(ctx, 'Zinguerie Petit', alice.user.id),
      await customer(ctx, 'Atelier Roux', alice.user.id),
    ];
    // 12 orders; each gets two follow-ups, and only the second (current) one's next date counts.
    const nextDates = ['2026-11-02', '2026-11-20', '2026-11-25', '2026-11-26', '2026-11-27', '2026-12-15'];
    for (let i = 0; i < 12; i++) {
      const o = await order(
        ctx,
        `CO-${String(12 - i).padStart(2, '0')}`,
        (customers[i % 2] as { id: number }).id,
      );
      for (const [k, next] of [
        ['2026-11-01', '2026-12-31'],
        [null, nextDates[i % nextDates.length]],
      ] as const) {
        const f = await createFollowup(ctx, k ? manager.actor : alice.actor, {
          orderId: o.id,
          channel: i % 2 ? 'email' : 'phone',
          note: `note ${(i * 7) % 12}`,
          doneAt: k ? `${k}T08:00:00Z` : `2026-11-01T${String(8 + i).padStart(2, '0')}:00:00Z`,
          nextAt: next,
        });
        if (!k) current[i] = f.id;
      }
    }
  });
  afterAll(async () => db?.drop());

  async function walk(due: 'overdue' | 'today' | 'week', sort: string): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 30; pages++) {
      const page = await listFollowups(ctx, manager.actor, { due, sort, limit: 2, cursor });
      ids.push(...page.items.map((f) => f.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('more than 30 pages');
  }

  it('gives the same follow-ups, each once, for every sort and both directions', async () => {
    for (const due of ['overdue', 'today', 'week'] as const) {
      const reference = (await walk(due, '-doneAt')).sort((a, b) => a - b);
      expect(reference.length, due).toBeGreaterThan(0);
      // Overdue: 2, 20 and 25 November; today: the 26th; this week: the 26th to Sunday the 29th.
      const orders = { overdue: [0, 1, 2, 6, 7, 8], today: [3, 9], week: [3, 4, 9, 10] }[due];
      expect(reference, due).toEqual(orders.map((i) => current[i]).sort((a, b) => (a ?? 0) - (b ?? 0)));
      for (const key of Object.keys(followupSortColumns))
        for (const sort of [key, `-${key}`]) {
          const ids = await walk(due, sort);
          expect(
            [...ids].sort((a, b) => a - b),
            `${due} sorted on ${sort}`,
          ).toEqual(reference);
        }
    }
  });

  it('holds exactly the current follow-ups whose next date has passed, when overdue', async () => {
    const overdue = (
      await listFollowups(ctx, manager.actor, { due: 'overdue', sort: 'customerName', limit: 50 })
    ).items;
    expect(overdue.map((f) => f.nextAt).every((d) => d !== null && d < '2026-11-26')).toBe(true);
    // 2, 20 and 25 November: orders 0-2 and 6-8.
    expect(overdue).toHaveLength(6);
    expect(overdue.map((f) => f.customerName)).toEqual([...overdue.map((f) => f.customerName)].sort());
  });
});
