// The follow-up list sorted on the note reads an index of each note's first 100 characters (notes run to
// 10,000, more than a PostgreSQL index entry takes): notes are in the order of their beginnings, notes that
// begin alike that far go by id, and paging neither skips nor repeats one, emoji included.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFollowup, listFollowups } from '../../src/modules/followups/followup.service.ts';
import { customer, order, type Person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

describeEachDialect('the follow-up list sorted on the note', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  /** Follow-up ids by the name given to their note below. */
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T17:00:00Z', 'Europe/Paris'));
    ({ manager } = await team(ctx, 'manager'));
    const o = await order(ctx, 'CO-NOTES', (await customer(ctx, 'Librairie Martin')).id);
    const x = 'x'.repeat(150);
    const emoji = '😀'.repeat(60); // 60 characters, 120 UTF-16 units
    const notes: [string, string][] = [
      // Created first, so the smaller id: same first 100 characters as "a, then b", later text after it.
      ['a, then z', `a${x}z`],
      ['a, then b', `a${x}b`],
      ['b emoji', `b${emoji}${'y'.repeat(60)}`],
      ['b emoji longer', `b${emoji}${'y'.repeat(60)}tail`],
      ['c', 'c court'],
      ['d', `d${'é'.repeat(120)}`],
    ];
    for (const [name, note] of notes)
      ids[name] = (await createFollowup(ctx, manager.actor, { orderId: o.id, channel: 'phone', note })).id;
  });
  afterAll(async () => db?.drop());

  async function walk(sort: string, limit: number): Promise<number[]> {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await listFollowups(ctx, manager.actor, { sort, limit, cursor });
      seen.push(...page.items.map((f) => f.id));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error('more than 50 pages');
  }

  const ascending = () =>
    ['a, then z', 'a, then b', 'b emoji', 'b emoji longer', 'c', 'd'].map((name) => ids[name]);

  it('orders notes by their first 100 characters, then by id, one page after the other', async () => {
    for (const limit of [1, 2, 4]) expect(await walk('note', limit)).toEqual(ascending());
  });

  it('gives the reverse order when descending', async () => {
    for (const limit of [1, 3]) expect(await walk('-note', limit)).toEqual(ascending().reverse());
  });
});
