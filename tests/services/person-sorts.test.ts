// The follow-up list sorted on the user's or the assignee's name: by name, then person (two people can
// share a name), then date done and id, all in the sort's direction; every page in turn, without gaps or
// repeats, whatever filter or scope applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/permissions.ts';
import type { Followup, FollowupListQuery } from '../../src/modules/followups/followup.schemas.ts';
import { createFollowup, listFollowups } from '../../src/modules/followups/followup.service.ts';
import { customer, order, type Person, person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

describeEachDialect('the follow-up list sorted on a name', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  let alice: Person;
  let everyone: Person[];
  let customers: { id: number }[];
  let all: Followup[];
  /** Who made and who was assigned each follow-up, by its note. */
  const people = new Map<string, { maker: Person; assignee: Person }>();

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T17:00:00Z', 'Europe/Paris'));
    ({ manager, alice } = await team(ctx, 'manager', 'alice'));
    // Two people share a name; a third sorts first; a fourth has no follow-up at all.
    const martin1 = await person(ctx, 'martin1', 'sales', 'Martin Durand');
    const zoe = await person(ctx, 'zoe', 'sales', 'Zoé Arnaud');
    const martin2 = await person(ctx, 'martin2', 'sales', 'Martin Durand');
    const anne = await person(ctx, 'anne', 'sales', 'Anne Bernard');
    await person(ctx, 'idle', 'sales', 'Aaron Inactif');
    everyone = [manager, alice, martin1, zoe, martin2, anne];
    customers = [await customer(ctx, 'Boulangerie Alice', alice.user.id), await customer(ctx, 'Garage Nord')];
    const orders = [
      await order(ctx, 'CO-A', customers[0]?.id as number),
      await order(ctx, 'CO-B', customers[1]?.id as number),
    ];
    // 42 follow-ups: made by each person in turn, assigned to another, several at the same instant.
    for (let i = 0; i < 42; i++) {
      const maker = everyone[i % everyone.length] as Person;
      const assignee = everyone[(i * 5 + 1) % everyone.length] as Person;
      people.set(`relance ${i}`, { maker, assignee });
      await createFollowup(ctx, manager.actor, {
        orderId: (orders[i % 2] as { id: number }).id,
        userId: maker.user.id,
        assigneeId: assignee.user.id,
        channel: i % 3 === 0 ? 'email' : 'phone',
        note: `relance ${i}`,
        doneAt: `2026-11-${String(10 + (i % 7)).padStart(2, '0')}T0${i % 4}:00:00Z`,
      });
    }
    all = (await listFollowups(ctx, manager.actor, { limit: 200 })).items;
    expect(all).toHaveLength(42);
  });
  afterAll(async () => db?.drop());

  /** The order the list promises, computed from the rows themselves. */
  function expected(rows: Followup[], key: 'userName' | 'assigneeName', desc: boolean): number[] {
    const person = (f: Followup) => (key === 'userName' ? f.userId : f.assigneeId);
    const cmp = (a: Followup, b: Followup) =>
      (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) ||
      person(a) - person(b) ||
      (a.doneAt < b.doneAt ? -1 : a.doneAt > b.doneAt ? 1 : 0) ||
      a.id - b.id;
    return [...rows].sort((a, b) => (desc ? cmp(b, a) : cmp(a, b))).map((f) => f.id);
  }

  async function walk(actor: Actor, query: Omit<FollowupListQuery, 'limit' | 'cursor'>): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await listFollowups(ctx, actor, { ...query, limit: 4, cursor });
      ids.push(...page.items.map((f) => f.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('more than 100 pages');
  }

  it('shows each follow-up with the names of the person who made it and the one it is assigned to', () => {
    const shown = all.map((f) => [f.note, f.userId, f.userName, f.assigneeId, f.assigneeName]);
    const made = all.map((f) => {
      const { maker, assignee } = people.get(f.note) as { maker: Person; assignee: Person };
      return [f.note, maker.user.id, maker.user.name, assignee.user.id, assignee.user.name];
    });
    expect(shown).toEqual(made);
  });

  for (const sort of ['userName', '-userName', 'assigneeName', '-assigneeName'] as const) {
    describe(sort, () => {
      const key = sort.replace('-', '') as 'userName' | 'assigneeName';
      const desc = sort.startsWith('-');

      it('gives every follow-up once, by name, person, date and id, page after page', async () => {
        expect(await walk(manager.actor, { sort })).toEqual(expected(all, key, desc));
      });

      it('keeps that order within a filter, and within a salesperson’s scope', async () => {
        const email = all.filter((f) => f.channel === 'email');
        expect(await walk(manager.actor, { sort, channel: 'email' })).toEqual(expected(email, key, desc));
        const nord = all.filter((f) => f.customerId === customers[1]?.id);
        expect(await walk(manager.actor, { sort, customerId: customers[1]?.id })).toEqual(
          expected(nord, key, desc),
        );
        const alices = all.filter((f) => f.customerId === customers[0]?.id);
        expect(await walk(alice.actor, { sort })).toEqual(expected(alices, key, desc));
      });
    });
  }

  it('refuses a cursor of another sort, and one that names no follow-up', async () => {
    const page = await listFollowups(ctx, manager.actor, { sort: 'userName', limit: 2 });
    await expect(
      listFollowups(ctx, manager.actor, { sort: 'assigneeName', limit: 2, cursor: page.nextCursor ?? '' }),
    ).rejects.toThrow(/another sort order/);
    const forged = Buffer.from(JSON.stringify(['userName', 'Zoé Arnaud', 999_999])).toString('base64url');
    await expect(
      listFollowups(ctx, manager.actor, { sort: 'userName', limit: 2, cursor: forged }),
    ).rejects.toThrow(/Invalid cursor/);
  });
});
