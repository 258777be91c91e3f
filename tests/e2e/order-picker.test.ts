// The Add form's order picker on a database of 100,000 orders: three characters typed, a suggestion picked.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  bulkDatabase,
  describeBrowser,
  FRENCH,
  launchBrowser,
  logIn,
  newPage,
  query,
  type RunningServer,
  startServer,
} from './harness.ts';
import {
  followupForm,
  menuFollowups,
  openAddForm,
  orderField,
  pickOrder,
  rowWith,
  SPEC_LABELS,
  submitAdd,
} from './pages.ts';

const L = SPEC_LABELS.fr;

describeBrowser('the order picker with 100,000 orders', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The bulk database is built once (about half a minute) and copied for each run.
    const db = await bulkDatabase('order-picker');
    const [{ n }] = query<{ n: number }>(db, 'select count(*) as n from orders') as [{ n: number }];
    expect(n).toBe(100_000);
    [server, browser] = await Promise.all([startServer(db), launchBrowser()]);
    page = await newPage(browser, FRENCH);
    await logIn(page, server, 'admin', ADMIN_PASSWORD);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('suggests orders after three characters and records a follow-up on the one picked', async () => {
    await menuFollowups(page, 'fr').click();
    await openAddForm(page, 'fr');
    // How long the server takes to answer each keystroke's search (request sent → response read).
    const answers: number[] = [];
    page.on('requestfinished', (request) => {
      if (!request.url().includes('picker')) return;
      const timing = request.timing();
      answers.push(Math.round(timing.responseEnd - timing.requestStart));
    });
    const started = Date.now();
    const seen = await pickOrder(page, 'fr', 'BK0', 'BK0000007');
    const ms = Date.now() - started;
    console.log(
      `[e2e] order picker: ${seen.length} suggestions for "BK0" among 100,000 orders; typed and picked in ${ms} ms; server answers ${answers.join(', ')} ms`,
    );
    expect(answers.length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(1);
    for (const s of seen) expect(s.startsWith('BK0')).toBe(true);

    const form = followupForm(page, 'fr');
    expect(await orderField(page, 'fr').inputValue()).toContain('BK0000007');
    await form.getByLabel(L.note, { exact: true }).fill('Choisie parmi 100 000 commandes');
    await submitAdd(page, 'fr');
    await menuFollowups(page, 'fr').click();
    const row = rowWith(page, 'Choisie parmi 100 000 commandes');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('BK0000007');
  });

  it('finds orders by customer name too', async () => {
    const [customer] = query<{ name: string }>(server.dbFile, 'select name from customers where id = 4242');
    if (!customer) throw new Error('bulk customer 4242 missing');
    await menuFollowups(page, 'fr').click();
    await openAddForm(page, 'fr');
    // "… 4242" ends every bulk customer's name: the id makes it unique.
    const seen = await pickOrder(page, 'fr', customer.name);
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) expect(s).toContain(customer.name);
  });
});
