// A manager filters the follow-ups on one channel, one salesperson or dates and sorts them on another
// column; a salesperson sorts their customers' follow-ups. On SQLite, when the filters keep a good share of
// the follow-ups, the list walks the sort's index and checks the filters on each row instead of sorting all
// the rows they keep (walksSortIndex, windowWalksSortIndex). Either way the pages must hold the same
// follow-ups in the same order as the plan the planner picks by itself (walkTuning.off). When that plan sorts
// every row the filters keep, SQLite sorts their ids first and joins the page's rows after (sortedByKeys):
// the same pages again as one query (keysTuning.off).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysetPlan } from '../../src/db/keyset.ts';
import {
  keysTuning,
  WALK_WINDOW,
  walksSortIndex,
  walkTuning,
  windowWalksSortIndex,
} from '../../src/modules/followups/followup.repository.ts';
import { createFollowup, listFollowups } from '../../src/modules/followups/followup.service.ts';
import { seedBulk } from '../../src/modules/seed/bulk-seed.ts';
import { toActor } from '../../src/modules/users/user.service.ts';
import { customer, order, type Person, person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

type Query = Omit<Parameters<typeof listFollowups>[2], 'limit'>;

describeEachDialect('lists filtered on one column and sorted on another', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  let busy: number;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    ({ manager } = await team(ctx, 'manager'));
    // ~1,200 follow-ups a channel, ~2,000 a salesperson: each filter keeps more than 1 % of them.
    await seedBulk(ctx, { customers: 30, orders: 300, followups: 6_000, users: 3 });
    const page = await listFollowups(ctx, manager.actor, { sort: '-doneAt', limit: 1 });
    busy = page.items[0]?.userId as number;
    // The manager's own three follow-ups: far less than 1 %.
    for (let i = 0; i < 3; i++)
      await createFollowup(ctx, manager.actor, {
        orderId: page.items[0]?.orderId as number,
        channel: 'meeting',
        note: `Réunion ${i}`,
      });
  });
  afterAll(async () => db?.drop());

  async function allPages(query: Query, actor = manager.actor): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await listFollowups(ctx, actor, { ...query, limit: 100, cursor });
      ids.push(...page.items.map((f) => f.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('more than 100 pages');
  }

  /** The same pages, read by the planner's own plan: no walk, and each page one query. */
  async function plannedPages(query: Query, actor = manager.actor): Promise<number[]> {
    walkTuning.off = true;
    keysTuning.off = true;
    try {
      return await allPages(query, actor);
    } finally {
      walkTuning.off = false;
      keysTuning.off = false;
    }
  }

  /** The pages as one query each, walks allowed; and how many of them sorted ids first otherwise. */
  async function byKeysAndWhole(query: Query, actor = manager.actor) {
    const before = keysTuning.sorted;
    const byKeys = await allPages(query, actor);
    const sorted = keysTuning.sorted - before;
    keysTuning.off = true;
    try {
      return { byKeys, whole: await allPages(query, actor), sorted };
    } finally {
      keysTuning.off = false;
    }
  }

  describe.each([
    ['one channel', { channel: 'phone' as const }],
    ['one salesperson', () => ({ userId: busy })],
    ['dates done', { doneFrom: '2025-01-01' }],
    ['next dates', { nextFrom: '2025-01-01', nextTo: '2099-12-31' }],
  ])('on %s', (_, filter) => {
    const criteria = () => (typeof filter === 'function' ? filter() : filter);

    it('gives every page in the same order as without the walk, for each sort and direction', async () => {
      for (const sort of [
        'doneAt',
        '-doneAt',
        'createdAt',
        '-updatedAt',
        'nextAt',
        '-nextAt',
        'note',
        '-orderRef',
        'customerName',
        'userName',
        '-assigneeName',
      ]) {
        const walked = await allPages({ ...criteria(), sort });
        const planned = await plannedPages({ ...criteria(), sort });
        expect(walked.length, sort).toBeGreaterThan(1_000);
        expect(walked, sort).toEqual(planned);
      }
    });
  });

  it("gives the last days' follow-ups, found far into the sort's order, in the same order as the planner", async () => {
    // The 300 newest follow-ups' days: their next dates come last, and their ids too.
    const newest = await listFollowups(ctx, manager.actor, { sort: '-doneAt', limit: 200 });
    const more = await listFollowups(ctx, manager.actor, {
      sort: '-doneAt',
      limit: 100,
      cursor: newest.nextCursor ?? undefined,
    });
    const last = more.items.at(-1);
    if (!last) throw new Error('the data set has fewer than 300 follow-ups');
    const since = last.doneAt.slice(0, 10);
    const datesReadBefore = keysTuning.datesRead;
    for (const sort of [
      'nextAt',
      '-nextAt',
      'id',
      'createdAt',
      'note',
      'customerName',
      '-orderRef',
      'userName',
    ]) {
      const walked = await allPages({ doneFrom: since, sort });
      expect(walked.length, sort).toBeGreaterThanOrEqual(300);
      expect(walked, sort).toEqual(await plannedPages({ doneFrom: since, sort }));
    }
    // By next date ascending, the first window holds none of them, and they are few: read by their date and
    // sorted (decision 0419), not by walking every older next date first.
    expect(keysTuning.datesRead).toBeGreaterThan(datesReadBefore);
  });

  it('gives a sort on what a filter fixes (one maker, one channel) in its tie-break order, page after page', async () => {
    const rowsOf = async (query: Query) => {
      const rows: { id: number; doneAt: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await listFollowups(ctx, manager.actor, { ...query, limit: 100, cursor });
        rows.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return rows;
    };
    // Every row has the maker's name: by name, person, date done and id is by date done and id.
    const theirs = await rowsOf({ userId: busy, sort: 'id' });
    const byDate = [...theirs]
      .sort((a, b) => a.doneAt.localeCompare(b.doneAt) || a.id - b.id)
      .map((f) => f.id);
    expect(byDate.length).toBeGreaterThan(1_000);
    expect(await allPages({ userId: busy, sort: 'userName' })).toEqual(byDate);
    expect(await allPages({ userId: busy, sort: '-userName' })).toEqual([...byDate].reverse());
    // One channel by channel: by id.
    const calls = (await rowsOf({ channel: 'phone', sort: 'id' })).map((f) => f.id);
    expect(await allPages({ channel: 'phone', sort: '-channel' })).toEqual([...calls].reverse());
    const since = (await rowsOf({ channel: 'phone', sort: 'doneAt', doneFrom: '2025-06-01' })).map(
      (f) => f.id,
    );
    expect(await allPages({ channel: 'phone', sort: 'channel', doneFrom: '2025-06-01' })).toEqual(
      since.sort((a, b) => a - b),
    );
  });

  it("gives the last days' follow-ups by next date, their ids sorted from the date index, as the planner does", async () => {
    const newest = await listFollowups(ctx, manager.actor, { sort: '-doneAt', limit: 200 });
    const since = newest.items.at(-1)?.doneAt.slice(0, 10) as string;
    const before = keysTuning.sorted;
    // Dates done alone, next dates ascending: the walk of the next dates meets these last (decision 0422).
    // (At this size SQLite sorted their ids before too, as few dates; PostgreSQL sorted the whole rows.)
    const sorted = await allPages({ doneFrom: since, sort: 'nextAt' });
    expect(keysTuning.sorted).toBeGreaterThan(before);
    expect(sorted.length).toBeGreaterThanOrEqual(200);
    expect(sorted).toEqual(await plannedPages({ doneFrom: since, sort: 'nextAt' }));
    // A range with an end, and one that keeps every follow-up (the walk finds those at once).
    const until = { doneFrom: since, doneTo: '2099-12-31', sort: 'nextAt' };
    expect(await allPages(until)).toEqual(sorted);
    expect(await allPages({ doneFrom: '2000-01-01', sort: 'nextAt' })).toEqual(
      await plannedPages({ doneFrom: '2000-01-01', sort: 'nextAt' }),
    );
  });

  // (The walk is SQLite's: PostgreSQL's planner walks the sort's index by itself.)
  if (dialect === 'sqlite')
    it('walks only when the filter keeps at least 1 % of the follow-ups', async () => {
      const all = { all: true } as const;
      expect(await walksSortIndex(db.database.db, { scope: all, channel: 'phone' }, 'createdAt')).toBe(true);
      expect(await walksSortIndex(db.database.db, { scope: all, userId: busy }, 'note')).toBe(true);
      expect(await walksSortIndex(db.database.db, { scope: all, userId: manager.user.id }, 'note')).toBe(
        false,
      );
      // The channel's own index already serves this sort; none serves a channel by date (decision 0415).
      expect(await walksSortIndex(db.database.db, { scope: all, channel: 'phone' }, 'id')).toBe(false);
      expect(await walksSortIndex(db.database.db, { scope: all, channel: 'phone' }, 'doneAt')).toBe(true);
      // A salesperson's follow-ups by date: their own index.
      expect(await walksSortIndex(db.database.db, { scope: all, userId: busy }, 'doneAt')).toBe(false);
      // Dates that keep most follow-ups: the window of the note's order holds a page of them.
      const byNote = keysetPlan({ column: 'f.note', nullable: false }, false, 'f.id', null);
      const recent = { scope: all, doneFromUtc: '2025-01-01T00:00:00.000Z' };
      expect(await windowWalksSortIndex(db.database.db, recent, 'note', 'f', byNote, 101)).toBe(true);
      expect(await windowWalksSortIndex(db.database.db, recent, 'doneAt', 'f', byNote, 101)).toBe(false);
      const future = { scope: all, doneFromUtc: '2099-01-01T00:00:00.000Z' };
      expect(await windowWalksSortIndex(db.database.db, future, 'note', 'f', byNote, 101)).toBe(false);
    });

  it("gives old next dates by a person's name, descending, page after page, as the planner does", async () => {
    // The newest follow-ups are due later than this: a walk of the people, each one's newest first, meets
    // none of them in its first rows. With a window of 50 rows, that says no walk: their ids are sorted
    // (sortedByKeys), or SQLite plans the people's walk itself.
    const oldest = await listFollowups(ctx, manager.actor, { sort: 'nextAt', limit: 1_500 });
    const nextTo = oldest.items.at(-1)?.nextAt as string;
    walkTuning.window = 50;
    const before = keysTuning.sorted;
    try {
      for (const sort of ['-userName', '-assigneeName', 'userName']) {
        const walked = await allPages({ nextTo, sort });
        expect(walked.length, sort).toBeGreaterThanOrEqual(1_500);
        expect(walked, sort).toEqual(await plannedPages({ nextTo, sort }));
      }
    } finally {
      walkTuning.window = WALK_WINDOW;
    }
    // (SQLite: its plan of the whole join sorts the kept rows, so the ids were sorted first.)
    if (dialect === 'sqlite') expect(keysTuning.sorted).toBeGreaterThan(before);
  });

  async function salesperson() {
    const rep = await db.database.db
      .selectFrom('users')
      .innerJoin('customers', 'customers.sales_rep_id', 'users.id')
      .select(['users.id', 'users.role', 'users.name', 'users.locale'])
      .where('users.role', '=', 'sales')
      .executeTakeFirstOrThrow();
    return toActor({ id: rep.id, role: rep.role, name: rep.name, locale: rep.locale });
  }

  it("gives a salesperson their customers' follow-ups, page after page, in the order of every sort", async () => {
    const sales = await salesperson();
    const theirs = new Set(await allPages({ sort: '-doneAt' }, sales));
    expect(theirs.size).toBeGreaterThan(500);
    if (dialect === 'sqlite') {
      // A third of the follow-ups are theirs: the pages below are read by walking the sort's index.
      const scope = { all: false, salesRepId: sales.id } as const;
      const plan = keysetPlan({ column: 'f.created_at', nullable: false }, true, 'f.id', null);
      expect(await windowWalksSortIndex(db.database.db, { scope }, 'createdAt', 'f', plan, 101)).toBe(true);
    }
    for (const sort of [
      'customerName',
      '-customerName',
      'id',
      '-createdAt',
      'nextAt',
      '-note',
      'channel',
      '-orderRef',
      'userName',
      '-assigneeName',
    ]) {
      // The manager's list in the same order (read by other queries), kept to this salesperson's rows; and
      // theirs by the planner's own plan.
      const expected = (await allPages({ sort })).filter((id) => theirs.has(id));
      expect(await allPages({ sort }, sales), sort).toEqual(expected);
      expect(await plannedPages({ sort }, sales), sort).toEqual(expected);
      expect(await allPages({ sort, channel: 'phone' }, sales), sort).toEqual(
        await plannedPages({ sort, channel: 'phone' }, sales),
      );
    }
  });

  if (dialect === 'sqlite')
    it('walks when the window holds a quarter of a page and four windows hold a page', async () => {
      const sales = await salesperson();
      const scope = { all: false, salesRepId: sales.id } as const;
      const theirs = await allPages({ channel: 'phone', sort: 'note' }, sales);
      const all = await allPages({ sort: 'note' });
      // A window that holds about half a page (101 rows) of their phone calls, by the note's order.
      const size = Math.round((50 * all.length) / theirs.length);
      const byNote = keysetPlan({ column: 'f.note', nullable: false }, false, 'f.id', null);
      const phone = { scope, channel: 'phone' as const };
      try {
        walkTuning.window = size;
        expect(await windowWalksSortIndex(db.database.db, phone, 'note', 'f', byNote, 101)).toBe(true);
        // A tenth of a page: not worth the longer window.
        walkTuning.window = Math.round(size / 5);
        expect(await windowWalksSortIndex(db.database.db, phone, 'note', 'f', byNote, 101)).toBe(false);
        walkTuning.window = size;
        expect(await allPages({ channel: 'phone', sort: 'note' }, sales)).toEqual(theirs);
      } finally {
        walkTuning.window = WALK_WINDOW;
      }
    });

  it("lists a newcomer's follow-ups, all of them recent, by walking only when they are near in the sort", async () => {
    const newcomer = await person(ctx, 'newcomer', 'sales', 'Zoé Newcomer');
    const account = await customer(ctx, 'Nouveau client', newcomer.user.id);
    const theOrder = await order(ctx, 'NEW-1', account.id);
    for (let i = 0; i < 120; i++)
      await createFollowup(ctx, newcomer.actor, {
        orderId: theOrder.id,
        channel: 'email',
        note: `Suivi ${i}`,
      });
    // Their 120 follow-ups are the newest: far from the start of an ascending walk by id.
    const ascending = await listFollowups(ctx, newcomer.actor, { sort: 'id', limit: 50 });
    expect(ascending.items.map((f) => f.note).slice(0, 3)).toEqual(['Suivi 0', 'Suivi 1', 'Suivi 2']);
    const descending = await allPages({ sort: '-id' }, newcomer.actor);
    expect(descending).toHaveLength(120);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    if (dialect === 'sqlite') {
      const scope = { all: false, salesRepId: newcomer.user.id } as const;
      const byId = (desc: boolean) => keysetPlan({ column: 'f.id', nullable: false }, desc, 'f.id', null);
      expect(WALK_WINDOW).toBeLessThan(6_000);
      expect(await windowWalksSortIndex(db.database.db, { scope }, 'id', 'f', byId(false), 51)).toBe(false);
      expect(await windowWalksSortIndex(db.database.db, { scope }, 'id', 'f', byId(true), 51)).toBe(true);
      // Their page of 51 must lie within the window, or within four windows when the first holds a quarter
      // of a page: 50 rows hold 50 of theirs, and 200 hold a page; 10 hold less than a quarter.
      try {
        walkTuning.window = 50;
        expect(await windowWalksSortIndex(db.database.db, { scope }, 'id', 'f', byId(true), 51)).toBe(true);
        walkTuning.window = 10;
        expect(await windowWalksSortIndex(db.database.db, { scope }, 'id', 'f', byId(true), 51)).toBe(false);
      } finally {
        walkTuning.window = WALK_WINDOW;
      }
    }
  });

  it("lists the manager's own three follow-ups, sorted, without walking the whole index", async () => {
    const mine = await listFollowups(ctx, manager.actor, {
      userId: manager.user.id,
      sort: '-note',
      limit: 10,
    });
    expect(mine.items.map((f) => f.note)).toEqual(['Réunion 2', 'Réunion 1', 'Réunion 0']);
  });

  it("sorts only the ids of the rows a list keeps, then reads the page's rows, with the same pages", async () => {
    const sales = await salesperson();
    let sorted = 0;
    for (const [query, actor] of [
      [{ sort: '-userName' }, sales],
      [{ sort: 'assigneeName', channel: 'phone' as const }, sales],
      [{ sort: '-note', channel: 'letter' as const }, sales],
      [{ sort: 'nextAt', userId: busy }, manager.actor],
      [{ sort: '-customerName', q: 'devis', userId: busy }, manager.actor],
      [{ sort: 'userName', doneFrom: '2026-01-01', assigneeId: busy }, manager.actor],
    ] as const) {
      const pages = await byKeysAndWhole(query, actor);
      expect(pages.byKeys.length, JSON.stringify(query)).toBeGreaterThan(10);
      expect(pages.byKeys, JSON.stringify(query)).toEqual(pages.whole);
      sorted += pages.sorted;
    }
    // (SQLite when its plan sorts; PostgreSQL for the lists sorted on a person's name.)
    expect(sorted).toBeGreaterThan(0);
  });
});
