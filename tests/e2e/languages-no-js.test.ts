// The same screens in French and in English with the exact labels of SPEC §5, and the Add form working with
// JavaScript turned off (the Order field is then a plain input that takes an order ref).
import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/seed/demo-seed.ts';
import { formatDate } from '../../src/web/format.ts';
import {
  demoDatabase,
  describeBrowser,
  ENGLISH,
  FRENCH,
  launchBrowser,
  logIn,
  newPage,
  query,
  type RunningServer,
  relance,
  startServer,
} from './harness.ts';
import {
  addButton,
  catalogue,
  expectSpecColumns,
  followupForm,
  followupsTab,
  type Lang,
  labelsReading,
  menuFollowups,
  openAddForm,
  orderField,
  pickOrder,
  rowWith,
  SPEC_LABELS,
  submitAdd,
} from './pages.ts';

interface OrderRow {
  id: number;
  ref: string;
  customer_id: number;
  customer_name: string;
}

const EMMA_PASSWORD = 'emma-english-1';

describeBrowser('French and English, and no JavaScript', () => {
  let server: RunningServer;
  let browser: Browser;
  let orders: OrderRow[];

  beforeAll(async () => {
    const db = await demoDatabase('languages');
    // An English-speaking manager joins the French team.
    await relance(db, [
      'user',
      'add',
      '--login',
      'emma.wilson',
      '--name',
      'Emma Wilson',
      '--role',
      'manager',
      '--locale',
      'en',
      '--password',
      EMMA_PASSWORD,
    ]);
    orders = query<OrderRow>(
      db,
      `select o.id, o.ref, o.customer_id, c.name as customer_name from orders o
         join customers c on c.id = o.customer_id join users u on u.id = c.sales_rep_id
        where u.login = 'sophie.leroy' and o.is_open = 1 order by o.id`,
    );
    [server, browser] = await Promise.all([startServer(db), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const runs: { lang: Lang; login: string; password: string; note: string }[] = [
    { lang: 'fr', login: 'sophie.leroy', password: DEMO_PASSWORD, note: 'Rappel en français' },
    { lang: 'en', login: 'emma.wilson', password: EMMA_PASSWORD, note: 'Called in English' },
  ];

  it.each(runs)(
    'labels every screen exactly as SPEC §5 says, in $lang',
    async ({ lang, login, password, note }) => {
      const L = SPEC_LABELS[lang];
      const page = await newPage(browser, lang === 'fr' ? FRENCH : ENGLISH);
      try {
        await logIn(page, server, login, password);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.getByRole('heading', { name: L.box, exact: true }).count()).toBe(1);

        await menuFollowups(page, lang).click();
        await expectSpecColumns(page, lang);
        await openAddForm(page, lang);
        const form = followupForm(page, lang);
        for (const label of [L.order, L.channel, L.note, L.date, L.nextAt]) {
          // A <label> reading exactly that, tied to one field.
          expect(await labelsReading(page, lang, label).count(), label).toBe(1);
          expect(
            await form
              .getByLabel(label, { exact: true })
              .and(page.locator('input, select, textarea'))
              .count(),
            label,
          ).toBe(1);
        }
        expect(await addButton(page, lang).count()).toBe(1);

        const target = orders[lang === 'fr' ? 0 : 1]!;
        await pickOrder(page, lang, target.ref, target.ref);
        await form.getByLabel(L.note, { exact: true }).fill(note);
        const next = DateTime.now().plus({ days: 3 }).toISODate() ?? '';
        await form.getByLabel(L.nextAt, { exact: true }).fill(next);
        await submitAdd(page, lang);
        await menuFollowups(page, lang).click();
        const row = rowWith(page, note);
        await expect.poll(() => row.count()).toBe(1);
        expect(await row.textContent()).toContain(formatDate(lang, next));

        await page.goto(`${server.url}/orders/${target.id}`);
        await followupsTab(page, lang).click();
        await expectSpecColumns(page, lang);
        await page.goto(`${server.url}/customers/${target.customer_id}`);
        await followupsTab(page, lang).click();
        await expectSpecColumns(page, lang);
        expect(await rowWith(page, note).count()).toBe(1);
        // Each user's language stays theirs: the menu is in it on every page.
        expect(
          await page
            .getByRole('navigation')
            .getByText(catalogue[lang]['menu.queue'], { exact: true })
            .count(),
        ).toBe(1);
      } finally {
        await page.context().close();
      }
    },
  );

  it('records a follow-up without JavaScript by typing the order ref, and keeps the input when the ref is wrong', async () => {
    const L = SPEC_LABELS.fr;
    const page = await newPage(browser, { ...FRENCH, javaScriptEnabled: false });
    try {
      await logIn(page, server, 'sophie.leroy', DEMO_PASSWORD);
      await menuFollowups(page, 'fr').click();
      await openAddForm(page, 'fr');
      const form = followupForm(page, 'fr');
      const order = orderField(page, 'fr');

      await order.fill('CO0000-9999');
      await form.getByLabel(L.note, { exact: true }).fill('Sans JavaScript : commande inconnue');
      await submitAdd(page, 'fr');
      // Refused: the form comes back with what was typed and a message by the Order field.
      expect(await followupForm(page, 'fr').getByLabel(L.note, { exact: true }).inputValue()).toBe(
        'Sans JavaScript : commande inconnue',
      );
      expect(await orderField(page, 'fr').inputValue()).toBe('CO0000-9999');
      // The message sits by the field, tied to it for screen readers.
      const refused = orderField(page, 'fr');
      expect(await refused.getAttribute('aria-invalid')).toBe('true');
      const messageId = (await refused.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${messageId}"]`).textContent()).toContain('CO0000-9999');

      const target = orders[2]!;
      await orderField(page, 'fr').fill(target.ref);
      await followupForm(page, 'fr')
        .getByLabel(L.note, { exact: true })
        .fill('Sans JavaScript : rappel noté');
      await submitAdd(page, 'fr');
      await menuFollowups(page, 'fr').click();
      const row = rowWith(page, 'Sans JavaScript : rappel noté');
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain(target.ref);
    } finally {
      await page.context().close();
    }
  });
});
