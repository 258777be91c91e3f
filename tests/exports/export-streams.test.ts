// A big export is written as it is read: one keyset page of 1,000 rows at a time, each page read only when
// the previous one has been taken, so that a million rows need no more memory than a thousand.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportFollowups, exportOrders } from '../../src/modules/exports/export.service.ts';
import { listFollowups } from '../../src/modules/followups/followup.service.ts';
import { seedBulk } from '../../src/modules/seed/bulk-seed.ts';
import { type Person, person } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

const FOLLOWUPS = 20_000;
/** Generous: the whole suite runs files in parallel on small machines; a safety net, not a measure. */
const BIG = 180_000;

describeEachDialect('a large export', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    manager = await person(ctx, 'manon', 'manager');
    await seedBulk(ctx, { customers: 100, orders: 2_000, followups: FOLLOWUPS, users: 3 });
  }, BIG);
  afterAll(async () => db?.drop());

  it(
    'reads 20,000 follow-ups in pages of 1,000, one page per chunk written, never ahead of the reader',
    async () => {
      const pages: number[] = [];
      const chunks = exportFollowups(
        ctx,
        manager.actor,
        {},
        {
          format: 'csv',
          locale: 'fr',
          onPage: (n) => pages.push(n),
        },
      );
      const header = await chunks.next();
      expect(header.value).toMatch(/^\ufeffId;Client;Commande;/);
      expect(pages).toEqual([1000]);
      let lines = 0;
      let chunkCount = 0;
      const ids: number[] = [];
      for await (const chunk of chunks) {
        chunkCount++;
        // A chunk is one page; reading the next one waits until this one has been taken.
        expect(pages.length).toBe(chunkCount);
        const rows = chunk.split('\r\n').slice(0, -1);
        expect(rows.length).toBe(1000);
        lines += rows.length;
        for (const r of rows) ids.push(Number(r.slice(0, r.indexOf(';'))));
      }
      expect(lines).toBe(FOLLOWUPS);
      expect(pages).toEqual(Array(20).fill(1000));
      expect(new Set(ids).size).toBe(FOLLOWUPS);
      // The same rows in the same order as the list's first and last pages.
      const first = await listFollowups(ctx, manager.actor, { limit: 5 });
      expect(ids.slice(0, 5)).toEqual(first.items.map((f) => f.id));
    },
    BIG,
  );

  it(
    'streams the JSON array the same way, and stops reading when the reader goes away',
    async () => {
      const pages: number[] = [];
      const chunks = exportFollowups(
        ctx,
        manager.actor,
        {},
        { format: 'json', locale: 'en', onPage: (n) => pages.push(n) },
      );
      let text = '';
      for await (const chunk of chunks) text += chunk;
      const items = JSON.parse(text) as { id: number }[];
      expect(items).toHaveLength(FOLLOWUPS);
      expect(pages).toHaveLength(20);

      const orderPages: number[] = [];
      const orders = exportOrders(
        ctx,
        manager.actor,
        {},
        { format: 'ndjson', locale: 'en', pageSize: 100, onPage: (n) => orderPages.push(n) },
      );
      await orders.next();
      await orders.next();
      await orders.return(undefined);
      expect(orderPages).toEqual([100, 100]);
    },
    BIG,
  );
});
