// Julien's morning: the dashboard box tells him what to chase, the queue "Mes relances" takes him from one
// due order to the next, and the box counts follow what he records.
import { DateTime } from 'luxon';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/seed/demo-seed.ts';
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
import { catalogue, followupForm, orderField, SPEC_LABELS, submitAdd } from './pages.ts';

const L = SPEC_LABELS.fr;
const t = catalogue.fr;

interface Due {
  id: number;
  ref: string;
  next_followup_at: string;
}

describeBrowser('the dashboard box and the chase queue (French)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const today = DateTime.now().toISODate() ?? '';

  /** Julien's due orders, the way the queue must list them: overdue first, oldest first. */
  const julienDue = () =>
    query<Due>(
      server.dbFile,
      `select o.id, o.ref, o.next_followup_at from orders o join users u on u.id = o.next_assignee_id
        where u.login = 'julien.martin' and o.is_open = 1 and o.next_followup_at <= ?
        order by o.next_followup_at, o.id`,
      today,
    );

  /** The box "Commandes à relancer" on the dashboard. */
  const box = (): Locator =>
    page
      .locator('main section, main article')
      .filter({ has: page.getByRole('heading', { name: L.box, exact: true }) })
      .first();

  /** A count of the box's table: the column headed `label`, on the row of the user's own ("Les miennes"). */
  async function boxCount(label: string): Promise<number> {
    const table = box()
      .locator('table')
      .filter({ has: page.getByRole('columnheader', { name: label, exact: true }) });
    const headers = (await table.locator('thead tr').first().locator('th, td').allTextContents()).map((s) =>
      s.trim(),
    );
    const column = headers.indexOf(label);
    const row = table
      .locator('tbody tr')
      .filter({ has: page.getByRole('rowheader', { name: t['dashboard.mine'] }) });
    const text = (await row.locator('th, td').nth(column).textContent())?.trim() ?? '';
    if (column < 0 || !/^\d+$/.test(text))
      throw new Error(`no count under "${label}" in the box (got "${text}")`);
    return Number(text);
  }

  beforeAll(async () => {
    const db = await demoDatabase('dashboard-queue');
    [server, browser] = await Promise.all([startServer(db), launchBrowser()]);
    page = await newPage(browser, FRENCH);
    await logIn(page, server, 'julien.martin', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the box with his overdue and due-today counts and the next orders to chase', async () => {
    const due = julienDue();
    const overdue = due.filter((d) => d.next_followup_at < today).length;
    const dueToday = due.length - overdue;
    expect(overdue).toBeGreaterThan(1);
    await page.goto(`${server.url}/`);
    await box().waitFor();
    expect(await boxCount(t['dashboard.overdue'])).toBe(overdue);
    expect(await boxCount(t['dashboard.dueToday'])).toBe(dueToday);
    // The next orders to chase, with the most overdue among the first.
    expect(await box().textContent()).toContain(due[0]!.ref);
    await screenshot(page, 'dashboard');
  });

  it('goes from one due order to the next: queue → Add for that order → save → back to the queue', async () => {
    const before = julienDue();
    const [first, second] = before;
    if (!first || !second) throw new Error('the demo data gives Julien fewer than two due orders');
    await page.goto(`${server.url}/`);
    const overdueBefore = await boxCount(t['dashboard.overdue']);
    const doneBefore = await boxCount(t['dashboard.doneToday']);
    await page.getByRole('navigation').getByRole('link', { name: t['menu.queue'], exact: true }).click();
    await page.waitForURL(/\/queue/);
    const queueRefs = async () =>
      (await page.locator('main table tbody tr td:first-child').allTextContents()).map((s) => s.trim());
    expect((await queueRefs()).slice(0, before.length)).toEqual(before.map((d) => d.ref));
    await screenshot(page, 'queue');

    // One click on the first order opens the Add form for it.
    await page.getByRole('link', { name: `${t['queue.followUp']} ${first.ref}`, exact: true }).click();
    const form = followupForm(page, 'fr');
    await form.waitFor();
    expect(await orderField(page, 'fr').inputValue()).toContain(first.ref);
    await form.getByLabel(L.note, { exact: true }).fill('Client joint, rappeler dans 2 semaines');
    await form.getByLabel(t['followups.preset.2w'], { exact: true }).check();
    await submitAdd(page, 'fr');

    // Saved, back on the queue, which now starts with the next order.
    await page.waitForURL(/\/queue/);
    const after = await queueRefs();
    expect(after[0]).toBe(second.ref);
    expect(after).not.toContain(first.ref);
    expect(julienDue().map((d) => d.ref)).not.toContain(first.ref);

    // The box follows at once.
    await page.goto(`${server.url}/`);
    const wasOverdue = first.next_followup_at < today;
    expect(await boxCount(t['dashboard.overdue'])).toBe(overdueBefore - (wasOverdue ? 1 : 0));
    expect(await boxCount(t['dashboard.doneToday'])).toBe(doneBefore + 1);
  });
});
