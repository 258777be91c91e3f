// The "done when": Thomas, a salesperson, on a phone-sized Chromium, goes from the dashboard to the
// next order to chase, records the call with a note and a next date, and finds it in all three lists.
import { DateTime } from 'luxon';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/seed/demo-seed.ts';
import { formatDate } from '../../src/web/format.ts';
import {
  demoDatabase,
  describeBrowser,
  launchBrowser,
  logIn,
  newPage,
  PHONE,
  query,
  type RunningServer,
  screenshot,
  startServer,
} from './harness.ts';
import {
  catalogue,
  fitsViewport,
  followupForm,
  followupsTab,
  menuFollowups,
  openAddForm,
  orderField,
  rowWith,
  SPEC_LABELS,
  submitAdd,
} from './pages.ts';

const L = SPEC_LABELS.fr;
const t = catalogue.fr;
const NOTE = 'Joint au téléphone, attend le devis signé. À rappeler dans 2 semaines';

describeBrowser('a salesperson on a phone (390×844)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const db = await demoDatabase('phone');
    [server, browser] = await Promise.all([startServer(db), launchBrowser()]);
    page = await newPage(browser, PHONE);
    await logIn(page, server, 'thomas.bernard', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('from the dashboard, records the call on the next order to chase in three taps and the note', async () => {
    const today = DateTime.now().toISODate() ?? '';
    const [next] = query<{ id: number; ref: string; customer_id: number }>(
      server.dbFile,
      `select o.id, o.ref, o.customer_id from orders o join users u on u.id = o.next_assignee_id
        where u.login = 'thomas.bernard' and o.is_open = 1 and o.next_followup_at <= ?
        order by o.next_followup_at, o.id limit 1`,
      today,
    );
    if (!next) throw new Error('the demo data gives Thomas no due order');
    await page.goto(`${server.url}/`);
    expect(await fitsViewport(page)).toBe(true);
    await screenshot(page, 'phone-dashboard');

    let taps = 0;
    const tap = async (target: Locator) => {
      taps++;
      await target.tap();
    };
    const started = Date.now();
    const box = page
      .locator('main section, main article')
      .filter({ has: page.getByRole('heading', { name: L.box, exact: true }) })
      .first();
    const dashboardUrl = page.url();
    await Promise.all([
      page.waitForURL((u) => u.href !== dashboardUrl),
      tap(box.getByRole('link', { name: new RegExp(next.ref) }).first()),
    ]);
    taps += await openAddForm(page, 'fr', 'tap');
    const form = followupForm(page, 'fr');
    expect(await orderField(page, 'fr').inputValue()).toContain(next.ref);
    expect(await fitsViewport(page)).toBe(true);
    await form.getByLabel(L.note, { exact: true }).fill(NOTE);
    await tap(form.getByLabel(t['followups.preset.2w'], { exact: true }));
    await screenshot(page, 'phone-add-form');
    taps++;
    await submitAdd(page, 'fr', 'tap');
    const seconds = (Date.now() - started) / 1000;
    console.log(`[e2e] phone: follow-up recorded in ${taps} taps and ${seconds.toFixed(1)} s of interaction`);
    expect(taps).toBeLessThanOrEqual(3);
    expect(seconds).toBeLessThan(15);

    const inTwoWeeks = formatDate('fr', DateTime.now().plus({ weeks: 2 }).toISODate());
    const lists = [
      async () => {
        await page.goto(`${server.url}/`);
        await menuFollowups(page, 'fr').tap();
      },
      async () => {
        await page.goto(`${server.url}/orders/${next.id}`);
        await followupsTab(page, 'fr').tap();
      },
      async () => {
        await page.goto(`${server.url}/customers/${next.customer_id}`);
        await followupsTab(page, 'fr').tap();
      },
    ];
    for (const open of lists) {
      await open();
      await page.waitForLoadState();
      const row = rowWith(page, 'attend le devis signé');
      await expect.poll(() => row.count(), { message: page.url() }).toBe(1);
      const text = (await row.textContent()) ?? '';
      expect(text).toContain(next.ref);
      expect(text).toContain(inTwoWeeks);
      expect(await fitsViewport(page), page.url()).toBe(true);
    }
  });
});
