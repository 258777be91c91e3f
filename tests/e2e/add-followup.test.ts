// The seed's three ways of adding a follow-up, in French, as Julien (a salesperson of the demo data):
// from the menu, from an order card's tab (order fixed), from a customer card's tab (only its orders).
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/seed/demo-seed.ts';
import { formatDate } from '../../src/web/format.ts';
import {
  demoDatabase,
  describeBrowser,
  FRENCH,
  launchBrowser,
  logIn,
  newPage,
  query,
  type RunningServer,
  screenshot,
  startServer,
} from './harness.ts';
import {
  catalogue,
  expectSpecColumns,
  followupForm,
  followupsTab,
  menuFollowups,
  openAddForm,
  orderField,
  pickOrder,
  rowWith,
  SPEC_LABELS,
  submitAdd,
} from './pages.ts';

const L = SPEC_LABELS.fr;
const t = catalogue.fr;

interface OrderRow {
  id: number;
  ref: string;
  customer_id: number;
  customer_name: string;
  is_open: number;
}

describeBrowser('adding a follow-up from the three places of the seed (French)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let julienOrders: OrderRow[];

  beforeAll(async () => {
    const db = await demoDatabase('add-followup');
    julienOrders = query<OrderRow>(
      db,
      `select o.id, o.ref, o.customer_id, c.name as customer_name, o.is_open
         from orders o join customers c on c.id = o.customer_id join users u on u.id = c.sales_rep_id
        where u.login = 'julien.martin' order by o.ref`,
    );
    [server, browser] = await Promise.all([startServer(db), launchBrowser()]);
    page = await newPage(browser, FRENCH);
    await logIn(page, server, 'julien.martin', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const inTwoWeeks = DateTime.now().plus({ weeks: 2 }).toISODate() ?? '';

  it('from the menu "Relance commandes": lists all follow-ups, then Add with the order found by typing', async () => {
    const target = julienOrders.find((o) => o.is_open === 1);
    if (!target) throw new Error('the demo data gives Julien no open order');
    await menuFollowups(page, 'fr').click();
    await page.waitForURL(/\/followups(\?|$)/);
    await expectSpecColumns(page, 'fr');
    await screenshot(page, 'followups-list');

    await openAddForm(page, 'fr');
    await screenshot(followupForm(page, 'fr'), 'add-form');
    // Julien remembers the customer, not the ref: he types its name.
    const seen = await pickOrder(page, 'fr', target.customer_name, target.ref);
    expect(seen.some((s) => s.includes(target.ref))).toBe(true);
    const form = followupForm(page, 'fr');
    await form.getByLabel(L.channel, { exact: true }).selectOption({ label: t['channel.phone'] });
    await form.getByLabel(L.note, { exact: true }).fill('Menu : veut réfléchir, à rappeler dans 2 semaines');
    await form.getByLabel(L.nextAt, { exact: true }).fill(inTwoWeeks);
    await submitAdd(page, 'fr');

    await menuFollowups(page, 'fr').click();
    const row = rowWith(page, 'Menu : veut réfléchir');
    await expect.poll(() => row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(target.ref);
    expect(text).toContain(target.customer_name);
    expect(text).toContain('Julien Martin');
    expect(text).toContain(formatDate('fr', inTwoWeeks));
  });

  it("from the order card's tab: the list of that order's follow-ups above Add, with the order fixed", async () => {
    const target = julienOrders.filter((o) => o.is_open === 1)[1] ?? julienOrders[1]!;
    await page.getByRole('navigation').getByRole('link', { name: t['menu.orders'], exact: true }).click();
    await page.waitForURL(/\/orders(\?|$)/);
    await screenshot(page, 'orders-list');
    await page.goto(`${server.url}/orders/${target.id}`);
    await followupsTab(page, 'fr').click();
    await page.waitForURL(new RegExp(`/orders/${target.id}/followups`));
    await expectSpecColumns(page, 'fr');
    await screenshot(page, 'order-tab');

    const before = await page.locator('table tbody tr').filter({ hasText: target.ref }).count();
    await openAddForm(page, 'fr');
    const order = orderField(page, 'fr');
    // The order is chosen already and cannot be changed here.
    expect(await order.inputValue()).toContain(target.ref);
    expect(await order.isEditable()).toBe(false);
    await followupForm(page, 'fr').getByLabel(L.note, { exact: true }).fill('Onglet commande : devis envoyé');
    await submitAdd(page, 'fr');
    await page.waitForURL(new RegExp(`/orders/${target.id}/followups`));
    await expect.poll(() => rowWith(page, 'Onglet commande : devis envoyé').count()).toBe(1);
    expect(await page.locator('table tbody tr').filter({ hasText: target.ref }).count()).toBe(before + 1);
  });

  it("from the customer card's tab: Add offers only that customer's orders, open ones first", async () => {
    const customerId = julienOrders[0]!.customer_id;
    const mine = julienOrders.filter((o) => o.customer_id === customerId);
    const customerName = mine[0]!.customer_name;
    await page.getByRole('navigation').getByRole('link', { name: t['menu.customers'], exact: true }).click();
    await page.waitForURL(/\/customers(\?|$)/);
    await page.locator('main').getByRole('link', { name: customerName, exact: true }).first().click();
    await page.waitForURL(new RegExp(`/customers/${customerId}(\\?|$)`));
    await followupsTab(page, 'fr').click();
    await page.waitForURL(new RegExp(`/customers/${customerId}/followups`));
    await expectSpecColumns(page, 'fr');
    await screenshot(page, 'customer-tab');

    await openAddForm(page, 'fr');
    const select = orderField(page, 'fr');
    const offered = await select
      .locator('option')
      .evaluateAll((options) =>
        options
          .filter((o) => (o as HTMLOptionElement).value !== '')
          .map((o) => (o as HTMLOptionElement).value),
      );
    expect(offered.map(Number).sort((a, b) => a - b)).toEqual(mine.map((o) => o.id).sort((a, b) => a - b));
    const openFlags = offered.map((id) => mine.find((o) => o.id === Number(id))?.is_open);
    expect(openFlags).toEqual([...openFlags].sort((a, b) => Number(b) - Number(a)));

    const target = mine.find((o) => o.is_open === 1) ?? mine[0]!;
    await select.selectOption(String(target.id));
    await followupForm(page, 'fr')
      .getByLabel(L.note, { exact: true })
      .fill('Onglet client : relancer le comptable');
    await submitAdd(page, 'fr');
    await page.waitForURL(new RegExp(`/customers/${customerId}/followups`));
    const row = rowWith(page, 'Onglet client : relancer le comptable');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(target.ref);
  });

  it('works from the keyboard alone: picker with arrows and Enter, Tab to the Add button', async () => {
    const target = julienOrders.filter((o) => o.is_open === 1)[2] ?? julienOrders[2]!;
    await page.goto(`${server.url}/followups`);
    const combobox = followupForm(page, 'fr').getByRole('combobox', { name: L.order, exact: true });
    await combobox.focus();
    await page.keyboard.type(target.ref, { delay: 30 });
    await followupForm(page, 'fr').getByRole('option').filter({ hasText: target.ref }).first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await combobox.inputValue()).toBe(target.ref);
    // Enter chose the order; it did not submit the form.
    expect(new URL(page.url()).pathname).toBe('/followups');

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('channel');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Au clavier : rappeler jeudi');
    let presses = 0;
    while (
      (await page.evaluate(() => document.activeElement?.textContent?.trim())) !== L.add &&
      presses < 20
    ) {
      await page.keyboard.press('Tab');
      presses++;
    }
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await page.goto(`${server.url}/followups`);
    const row = rowWith(page, 'Au clavier : rappeler jeudi');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(target.ref);
  });

  it('suggests the next date the note asks for, and one click puts it in the field', async () => {
    await page.goto(`${server.url}/followups`);
    const form = followupForm(page, 'fr');
    await form.getByLabel(L.note, { exact: true }).fill('Absent. À rappeler dans 3 semaines');
    const use = form.getByRole('button', { name: t['followups.suggest.use'], exact: true });
    await use.click();
    const expected = DateTime.now().plus({ weeks: 3 }).toISODate();
    expect(await form.getByLabel(L.nextAt, { exact: true }).inputValue()).toBe(expected);
  });
});
