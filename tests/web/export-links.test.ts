// Every list offers its download, carrying the list's filters: a salesperson downloads what they see.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createFollowup } from '../../src/modules/followups/followup.service.ts';
import { customer, order, type Person, person } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { logIn, type Visitor } from './pages-session.ts';

const hrefs = (html: string, text: string) =>
  [...html.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)]
    .filter((m) => m[2] === text)
    .map((m) => m[1]!.replace(/&amp;/g, '&'));

describeEachDialect('download links on the lists', (dialect) => {
  let db: TestDatabase;
  let sam: Visitor;
  let seller: Person;
  let orderId: number;
  let customerId: number;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    const ctx = testContext(db, testClock('2026-11-26T09:00:00Z'));
    seller = await person(ctx, 'sam', 'sales', 'Sam Sales');
    const other = await person(ctx, 'olga', 'sales');
    const c = await customer(ctx, 'Atelier Faure', seller.user.id);
    customerId = c.id;
    orderId = (await order(ctx, 'CO-EXP-1', c.id)).id;
    await createFollowup(ctx, seller.actor, {
      orderId,
      channel: 'phone',
      note: 'Rappeler lundi',
      nextAt: '2026-11-30',
    });
    const hidden = await order(ctx, 'CO-HIDDEN', (await customer(ctx, 'Garage Olga', other.user.id)).id);
    await createFollowup(ctx, other.actor, {
      orderId: hidden.id,
      channel: 'email',
      note: 'secret',
      nextAt: null,
    });
    const app = createApp(ctx);
    sam = await logIn(app, 'sam');
  });
  afterAll(async () => db?.drop());

  it('the follow-ups list links to a CSV with the same filters, holding only what the user sees', async () => {
    const list = await sam.get('/followups?channel=phone&sort=nextAt&lang=en');
    const [csvHref] = hrefs(list.html, 'Download CSV');
    expect(csvHref).toBe('/followups/export.csv?channel=phone&sort=nextAt');
    const csv = await sam.get(csvHref!);
    expect(csv.status).toBe(200);
    expect(csv.html).toContain('CO-EXP-1');
    expect(csv.html).toContain('Rappeler lundi');
    expect(csv.html).not.toContain('CO-HIDDEN');
  });

  it('a list filtered on part of a customer name downloads the same rows, not a refusal', async () => {
    const list = await sam.get('/followups?customer=atelier&lang=en');
    expect(list.html).toContain('CO-EXP-1');
    const [csvHref] = hrefs(list.html, 'Download CSV');
    expect(csvHref).toBe('/followups/export.csv?customer=atelier');
    const csv = await sam.get(csvHref!);
    expect(csv.status).toBe(200);
    expect(csv.html.split('\r\n').slice(1, -1)).toEqual([expect.stringContaining(',CO-EXP-1,Phone,')]);
  });

  it('the orders list and both card tabs offer their downloads', async () => {
    const orders = await sam.get('/orders?status=validated&lang=en');
    expect(hrefs(orders.html, 'Download CSV')[0]).toBe('/orders/export.csv?status=validated');
    const orderTab = await sam.get(`/orders/${orderId}/followups?lang=en`);
    expect(hrefs(orderTab.html, 'Download JSON')[0]).toBe(`/followups/export.json?orderId=${orderId}`);
    const customerTab = await sam.get(`/customers/${customerId}/followups?lang=fr`);
    const [href] = hrefs(customerTab.html, 'Télécharger en CSV');
    expect(href).toBe(`/followups/export.csv?customerId=${customerId}`);
    expect((await sam.get(href!)).html).toContain('CO-EXP-1');
  });
});
