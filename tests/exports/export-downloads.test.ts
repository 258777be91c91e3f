// "Download CSV" on the list pages: /followups/export.csv and /orders/export.csv (and .json) take the list's
// query string, answer with what the logged-in user may see, in their language, as a file.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { AppContext } from '../../src/context.ts';
import type { Followup } from '../../src/modules/followups/followup.schemas.ts';
import { createFollowup } from '../../src/modules/followups/followup.service.ts';
import { customer, order, type Person, person } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { logIn } from '../web/pages-session.ts';

describeEachDialect('downloading a list', (dialect) => {
  let db: TestDatabase;
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  let alice: Person;
  let bob: Person;
  let cookies: Record<'manon' | 'alice', string>;

  const get = (who: 'manon' | 'alice' | null, path: string) =>
    app.request(path, who ? { headers: { cookie: cookies[who] } } : {});

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    app = createApp(ctx);
    await person(ctx, 'manon', 'manager', 'Manon Manager');
    alice = await person(ctx, 'alice', 'sales', 'Alice Vendeuse');
    bob = await person(ctx, 'bob', 'sales', 'Bob Vendeur');
    const ca = await customer(ctx, 'Boulangerie Lefèvre', alice.user.id);
    const cb = await customer(ctx, 'Garage Bob', bob.user.id);
    for (const [ref, c, who] of [
      ['CO-A1', ca, alice],
      ['CO-A2', ca, alice],
      ['CO-B1', cb, bob],
    ] as const) {
      const o = await order(ctx, ref, c.id);
      await createFollowup(ctx, who.actor, {
        orderId: o.id,
        channel: 'phone',
        note: `Appel ${ref}`,
        doneAt: '2026-11-20T10:00:00+01:00',
        nextAt: ref === 'CO-A2' ? '2026-11-25' : '2026-12-01',
      });
    }
    const manon = await logIn(app, 'manon');
    const asAlice = await logIn(app, 'alice');
    cookies = { manon: manon.cookie, alice: asAlice.cookie };
    expect(asAlice.csrf).not.toBe('');
  });
  afterAll(async () => db?.drop());

  it('downloads the follow-ups a salesperson sees, as a French CSV file', async () => {
    const res = await get('alice', '/followups/export.csv?lang=fr');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="relances-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const body = new Uint8Array(await res.arrayBuffer());
    expect([...body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(body).split('\r\n');
    expect(lines[0]).toBe(
      'Id;Client;Commande;Canal;Résultat;Note;Utilisateur;Date;Date de prochaine relance;Assigné à',
    );
    expect(
      lines
        .slice(1, -1)
        .map((l) => l.split(';')[2])
        .sort(),
    ).toEqual(['CO-A1', 'CO-A2']);
  });

  it("takes the list page's filters, including a typed customer or order, and the language", async () => {
    const overdue = await get('manon', '/followups/export.json?due=overdue&cursor=abc&limit=5');
    expect(overdue.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await overdue.json()) as Followup[]).map((f) => f.orderRef)).toEqual(['CO-A2']);
    const byCustomer = (await (
      await get('manon', '/followups/export.json?customer=Garage+Bob')
    ).json()) as Followup[];
    expect(byCustomer.map((f) => f.orderRef)).toEqual(['CO-B1']);
    const byOrder = (await (await get('manon', '/followups/export.json?order=co-a1')).json()) as Followup[];
    expect(byOrder.map((f) => f.orderRef)).toEqual(['CO-A1']);
    const en = await (await get('manon', '/followups/export.csv?lang=en&sort=orderRef&channel=phone')).text();
    const rows = en.replace(/^\ufeff/, '').split('\r\n');
    expect(rows[0]).toBe('Id,Customer,Order,Channel,Outcome,Note,User,Date,Next follow-up date,Assignee');
    expect(rows.slice(1, -1).map((r) => r.split(',')[2])).toEqual(['CO-A1', 'CO-A2', 'CO-B1']);
    const semicolons = await (await get('manon', '/followups/export.csv?lang=en&delimiter=semicolon')).text();
    expect(semicolons.split('\r\n')[0]).toContain('Id;Customer;Order');
  });

  it('downloads the orders list with its follow-up columns', async () => {
    const res = await get('manon', '/orders/export.csv?due=overdue&lang=fr');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="commandes-2026-11-26.csv"');
    const lines = (await res.text()).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]?.split(';').slice(1, 4)).toEqual(['CO-A2', 'Boulangerie Lefèvre', 'Validée']);
    expect(lines[1]?.split(';').slice(-4)).toEqual(['25/11/2026', '1', 'Alice Vendeuse', 'Appel CO-A2']);
    const mine = (await (await get('alice', '/orders/export.ndjson')).text()).trim().split('\n');
    expect(mine.map((l) => (JSON.parse(l) as { ref: string }).ref).sort()).toEqual(['CO-A1', 'CO-A2']);
  });

  it('refuses a bad filter with a page that says so, and sends visitors without a session to log in', async () => {
    const bad = await get('manon', '/followups/export.csv?due=someday');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('due');
    expect((await get('manon', '/orders/export.csv?sort=password')).status).toBe(400);
    expect((await get('manon', '/followups/export.csv?customer=Nobody')).status).toBe(400);
    const anonymous = await get(null, '/followups/export.csv?due=overdue');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Ffollowups%2Fexport.csv%3Fdue%3Doverdue');
  });
});
