// Exporting a list gives exactly what the list shows — same filters, same visibility, same order — in a
// CSV a French Excel opens as it should, or in the API's JSON.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/permissions.ts';
import {
  type ExportOptions,
  exportFollowups,
  exportOrders,
  type FollowupExportQuery,
  type OrderExportQuery,
} from '../../src/modules/exports/export.service.ts';
import type { Followup } from '../../src/modules/followups/followup.schemas.ts';
import { createFollowup, listFollowups } from '../../src/modules/followups/followup.service.ts';
import { importCsv } from '../../src/modules/imports/import.service.ts';
import { summary } from '../../src/modules/imports/import-report.ts';
import type { Order } from '../../src/modules/orders/order.schemas.ts';
import { listOrders } from '../../src/modules/orders/order.service.ts';
import type { Page } from '../../src/shared/page.ts';
import { customer, order, type Person, person } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

async function collect(chunks: AsyncGenerator<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

describeEachDialect('exporting the lists', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  let alice: Person;
  let bob: Person;

  const json = (o: Partial<ExportOptions> = {}): ExportOptions => ({
    format: 'json',
    locale: 'fr',
    pageSize: 4,
    ...o,
  });

  /** Every id of a list, read through its own pages of 3 as a user paging through it would. */
  async function allIds(
    list: (cursor: string | undefined) => Promise<Page<{ id: number }>>,
  ): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(cursor);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }
  const followupIds = (actor: Actor, query: FollowupExportQuery) =>
    allIds((cursor) => listFollowups(ctx, actor, { ...query, limit: 3, cursor }));
  const orderIds = (actor: Actor, query: OrderExportQuery) =>
    allIds((cursor) => listOrders(ctx, actor, { ...query, limit: 3, cursor }));

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    clock = testClock('2026-11-26T09:00:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    manager = await person(ctx, 'manon', 'manager', 'Manon Manager');
    alice = await person(ctx, 'alice', 'sales', 'Alice Vendeuse');
    bob = await person(ctx, 'bob', 'sales', 'Bob Vendeur');
    const ca = await customer(ctx, 'Boulangerie Lefèvre', alice.user.id);
    const cb = await customer(ctx, '=Garage "Bob"; et fils', bob.user.id);
    const channels = ['phone', 'email', 'letter', 'meeting', 'other'] as const;
    for (let i = 1; i <= 12; i++) {
      const c = i % 3 === 0 ? cb : ca;
      const o = await order(
        ctx,
        `CO-${String(i).padStart(2, '0')}`,
        c.id,
        i % 4 === 0 ? 'delivered' : 'validated',
      );
      const maker = c === ca ? alice : bob;
      for (let k = 0; k < (i % 3) + 1; k++)
        await createFollowup(ctx, maker.actor, {
          orderId: o.id,
          channel: channels[(i + k) % 5]!,
          note: k === 0 && i === 5 ? '=HYPERLINK("http://evil.example","Cliquez")' : `Relance ${i}.${k}`,
          doneAt: `2026-11-${String(10 + k + (i % 5)).padStart(2, '0')}T09:30:00+01:00`,
          nextAt: new Date(Date.UTC(2026, 10, 20 + i)).toISOString().slice(0, 10),
          ...(k === 1 ? { outcome: 'no_answer' as const } : {}),
        });
    }
  });
  afterAll(async () => db?.drop());

  it('exports the same follow-ups, in the same order, as the list with each filter and sort', async () => {
    const queries: FollowupExportQuery[] = [
      {},
      { sort: 'orderRef' },
      { sort: '-nextAt', channel: 'phone' },
      { due: 'overdue' },
      { due: 'week', sort: 'customerName' },
      { doneFrom: '2026-11-12', doneTo: '2026-11-14' },
      { q: 'Relance 1' },
      { userId: bob.user.id },
      { nextFrom: '2026-11-25', nextTo: '2026-11-28' },
    ];
    for (const query of queries) {
      const exported = JSON.parse(
        await collect(exportFollowups(ctx, manager.actor, query, json())),
      ) as Followup[];
      expect(
        exported.map((f) => f.id),
        JSON.stringify(query),
      ).toEqual(await followupIds(manager.actor, query));
    }
  });

  it("shows a salesperson only their customers' follow-ups and orders", async () => {
    const mine = JSON.parse(await collect(exportFollowups(ctx, alice.actor, {}, json()))) as Followup[];
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((f) => f.customerName))).toEqual(new Set(['Boulangerie Lefèvre']));
    const orders = JSON.parse(await collect(exportOrders(ctx, alice.actor, {}, json()))) as Order[];
    expect(orders.map((o) => o.id)).toEqual(await orderIds(alice.actor, {}));
    expect(orders.every((o) => o.customerName === 'Boulangerie Lefèvre')).toBe(true);
  });

  it('exports the orders of the list with their follow-up columns', async () => {
    for (const query of [
      {},
      { status: 'delivered' },
      { due: 'overdue' },
      { sort: 'ref', q: 'CO-1' },
    ] as OrderExportQuery[]) {
      const exported = JSON.parse(await collect(exportOrders(ctx, manager.actor, query, json()))) as Order[];
      expect(
        exported.map((o) => o.id),
        JSON.stringify(query),
      ).toEqual(await orderIds(manager.actor, query));
    }
    const csv = await collect(
      exportOrders(ctx, manager.actor, { sort: 'ref', q: 'CO-02' }, { format: 'csv', locale: 'fr' }),
    );
    const [head, row] = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(head).toBe(
      'Id;Réf.;Client;Statut;Date commande;Date livraison;Montant HT;Devise;Réf. client;Id externe;Dernière relance;Prochaine relance;Relances;Assigné à;Dernière note',
    );
    // CO-02: three follow-ups by Alice, the latest done on 14 Nov at 09:30 in Paris.
    expect(row?.split(';').slice(1)).toEqual([
      'CO-02',
      'Boulangerie Lefèvre',
      'Validée',
      '',
      '',
      '100,00',
      'EUR',
      '',
      '',
      '14/11/2026 09:30',
      '22/11/2026',
      '3',
      'Alice Vendeuse',
      'Relance 2.2',
    ]);
  });

  it('writes an Excel-friendly CSV: BOM, CRLF, ";" and French dates in French, "," and ISO in English', async () => {
    const fr = await collect(
      exportFollowups(ctx, manager.actor, { q: 'Relance 7.1' }, { format: 'csv', locale: 'fr' }),
    );
    expect(
      fr.startsWith(
        '\ufeffId;Client;Commande;Canal;Résultat;Note;Utilisateur;Date;Date de prochaine relance;Assigné à\r\n',
      ),
    ).toBe(true);
    expect(fr.split('\r\n')[1]).toMatch(
      /^\d+;Boulangerie Lefèvre;CO-07;Rendez-vous;Pas de réponse;Relance 7\.1;Alice Vendeuse;13\/11\/2026 09:30;27\/11\/2026;Alice Vendeuse$/,
    );
    expect(fr.endsWith('\r\n')).toBe(true);
    const en = await collect(
      exportFollowups(ctx, manager.actor, { q: 'Relance 7.1' }, { format: 'csv', locale: 'en' }),
    );
    expect(en.split('\r\n')[0]).toBe(
      '\ufeffId,Customer,Order,Channel,Outcome,Note,User,Date,Next follow-up date,Assignee',
    );
    expect(en.split('\r\n')[1]).toMatch(
      /,CO-07,Meeting,No answer,Relance 7\.1,Alice Vendeuse,2026-11-13 09:30,2026-11-27,Alice Vendeuse$/,
    );
    const tabs = await collect(
      exportFollowups(
        ctx,
        manager.actor,
        { q: 'Relance 7.1' },
        { format: 'csv', locale: 'fr', delimiter: '\t' },
      ),
    );
    expect(tabs.split('\r\n')[0]?.split('\t')).toHaveLength(10);
  });

  it('neutralises cells that a spreadsheet would run as formulas, and quotes what needs it', async () => {
    const csv = await collect(
      exportFollowups(ctx, manager.actor, { q: 'HYPERLINK' }, { format: 'csv', locale: 'fr' }),
    );
    expect(csv.split('\r\n')[1]).toContain(`;"'=HYPERLINK(""http://evil.example"",""Cliquez"")";`);
    const bobs = await collect(
      exportFollowups(ctx, manager.actor, { userId: bob.user.id }, { format: 'csv', locale: 'fr' }),
    );
    expect(bobs.split('\r\n')[1]).toContain(`;"'=Garage ""Bob""; et fils";`);
    // JSON is for programs: the API's values, untouched.
    const raw = JSON.parse(
      await collect(exportFollowups(ctx, manager.actor, { q: 'HYPERLINK' }, json())),
    ) as Followup[];
    expect(raw[0]?.note).toBe('=HYPERLINK("http://evil.example","Cliquez")');
    const ndjson = await collect(
      exportFollowups(ctx, manager.actor, { userId: bob.user.id }, json({ format: 'ndjson' })),
    );
    const lines = ndjson.trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as Followup).id)).toEqual(
      await followupIds(manager.actor, { userId: bob.user.id }),
    );
  });

  it('writes an empty list as a header alone, or []', async () => {
    const none = { q: 'nothing matches this' };
    expect(await collect(exportFollowups(ctx, manager.actor, none, { format: 'csv', locale: 'en' }))).toBe(
      '\ufeffId,Customer,Order,Channel,Outcome,Note,User,Date,Next follow-up date,Assignee\r\n',
    );
    expect(JSON.parse(await collect(exportFollowups(ctx, manager.actor, none, json())))).toEqual([]);
  });

  it('refuses an unknown sort before writing anything', async () => {
    const chunks = exportFollowups(ctx, manager.actor, { sort: 'password' }, json());
    await expect(chunks.next()).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('produces a CSV that the import reads back as unchanged', async () => {
    for (const locale of ['fr', 'en'] as const) {
      const csv = await collect(exportFollowups(ctx, manager.actor, {}, { format: 'csv', locale }));
      const report = await importCsv(ctx, manager.actor, 'followups', Buffer.from(csv, 'utf8'));
      expect(report.rejected.map((r) => `${r.line} ${r.column} ${r.message}`)).toEqual([]);
      expect(summary(report)).toBe(`0 created, 0 updated, ${report.lines} unchanged`);
      const orders = await collect(exportOrders(ctx, manager.actor, {}, { format: 'csv', locale }));
      const back = await importCsv(ctx, manager.actor, 'orders', Buffer.from(orders, 'utf8'));
      expect(back.rejected).toEqual([]);
      expect(summary(back)).toBe('0 created, 0 updated, 12 unchanged');
    }
  });
});
