// What the browser tests look for on the pages: the exact labels of SPEC §5 (written out here, not read from
// the catalogues, so that a changed label fails), and the few moves every story repeats.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { en } from '../../src/web/i18n/en.ts';
import { fr } from '../../src/web/i18n/fr.ts';

export type Lang = 'fr' | 'en';

/** SPEC §5, "Labels (visible text of <label>, <th>, <button>), exact". */
export const SPEC_LABELS = {
  en: {
    menu: 'Order follow-ups',
    order: 'Order',
    channel: 'Channel',
    note: 'Note',
    date: 'Date',
    nextAt: 'Next follow-up date',
    add: 'Add',
    columns: ['Id', 'Customer', 'Order', 'Note', 'User', 'Date', 'Next follow-up'],
    box: 'Orders to follow up',
  },
  fr: {
    menu: 'Relance commandes',
    order: 'Commande',
    channel: 'Canal',
    note: 'Note',
    date: 'Date',
    nextAt: 'Date de prochaine relance',
    add: 'Ajouter',
    columns: ['Id', 'Client', 'Commande', 'Note', 'Utilisateur', 'Date', 'Date prochaine relance'],
    box: 'Commandes à relancer',
  },
} as const;

/** Other visible texts (not fixed by the SPEC) come from the catalogues. */
export const catalogue = { fr, en } as const;

const exact = { exact: true } as const;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The add/edit form: the form holding the Note and Next follow-up date fields. */
export function followupForm(page: Page, lang: Lang): Locator {
  const L = SPEC_LABELS[lang];
  return page
    .locator('form')
    .filter({ has: page.getByLabel(L.note, exact) })
    .filter({ has: page.getByLabel(L.nextAt, exact) });
}

/**
 * Opens the Add form from a list page ("a list of follow-ups above an Add button"): clicks the visible
 * Add link or button unless the form is already shown. Returns the number of clicks it took.
 */
export async function openAddForm(page: Page, lang: Lang, how: 'click' | 'tap' = 'click'): Promise<number> {
  const form = followupForm(page, lang);
  if ((await form.count()) > 0 && (await form.first().isVisible())) return 0;
  const name = new RegExp(
    `^(${escapeRe(SPEC_LABELS[lang].add)}|${escapeRe(catalogue[lang]['followups.addLink'])})$`,
  );
  // A link, or a button that is not a submit button (the form's own "Add" must not be pressed here).
  const opener = page
    .getByRole('link', { name })
    .or(page.getByRole('button', { name }).and(page.locator('button[type="button"], summary')))
    .filter({ visible: true })
    .first();
  await opener[how]();
  await form.first().waitFor({ state: 'visible' });
  return 1;
}

/** Presses the form's Add button and waits for the page that answers (the list, or the form with messages). */
export async function submitAdd(page: Page, lang: Lang, how: 'click' | 'tap' = 'click'): Promise<void> {
  await Promise.all([page.waitForEvent('load'), addButton(page, lang)[how]()]);
}

/** The Order field of the form (an input, or a select of one customer's orders), not the picker's list. */
export const orderField = (page: Page, lang: Lang): Locator =>
  followupForm(page, lang)
    .getByLabel(SPEC_LABELS[lang].order, { exact: true })
    .and(page.locator('input, select'));

/** The `<label>` elements of the form whose whole visible text is `text`. */
export const labelsReading = (page: Page, lang: Lang, text: string): Locator =>
  followupForm(page, lang)
    .locator('label')
    .filter({ hasText: new RegExp(`^\\s*${escapeRe(text)}\\s*$`) });

/** The submit button of the Add form. */
export const addButton = (page: Page, lang: Lang): Locator =>
  followupForm(page, lang).getByRole('button', { name: SPEC_LABELS[lang].add, exact: true });

/**
 * Search-as-you-type: types `typed` one key at a time into the Order field, waits for the suggestions and
 * picks the one whose text contains `pick` (or the first). Returns the suggestion texts seen.
 */
export async function pickOrder(page: Page, lang: Lang, typed: string, pick?: string): Promise<string[]> {
  const form = followupForm(page, lang);
  const input = form.getByRole('combobox', { name: SPEC_LABELS[lang].order, exact: true });
  await input.click();
  await input.pressSequentially(typed, { delay: 40 });
  const options = form.getByRole('listbox').getByRole('option');
  await options
    .first()
    .waitFor({ state: 'visible' })
    .catch(async (err: Error) => {
      throw new Error(
        `no suggestion after typing "${typed}" (field holds "${await input.inputValue()}", list: ${await form.getByRole('listbox').evaluate((l) => l.outerHTML.slice(0, 300))}): ${err.message}`,
      );
    });
  const texts = (await options.allTextContents()).map((s) => s.trim());
  const target = pick ? options.filter({ hasText: pick }).first() : options.first();
  await target.click();
  return texts;
}

/** The header texts of the first table under `scope`. */
export async function columnHeaders(scope: Page | Locator): Promise<string[]> {
  const ths = scope.locator('table').first().locator('thead th');
  return (await ths.allTextContents()).map((s) =>
    s
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/\s*[▲▼↑↓]$/, ''),
  );
}

/** The first table row under `scope` that contains `text`. */
export const rowWith = (scope: Page | Locator, text: string): Locator =>
  scope.locator('table tbody tr').filter({ hasText: text }).first();

/** Asserts the page shows the SPEC's seven list columns in order. */
export async function expectSpecColumns(scope: Page | Locator, lang: Lang): Promise<void> {
  const headers = await columnHeaders(scope);
  expect(headers.slice(0, 7)).toEqual([...SPEC_LABELS[lang].columns]);
}

/** The menu entry "Order follow-ups". */
export const menuFollowups = (page: Page, lang: Lang): Locator =>
  page.getByRole('navigation').getByRole('link', { name: SPEC_LABELS[lang].menu, exact: true });

/** A tab link of an order or customer card. */
export const followupsTab = (page: Page, lang: Lang): Locator =>
  page.locator('main').getByRole('link', { name: SPEC_LABELS[lang].menu, exact: true }).first();

/** True when the page is not wider than its viewport (nothing to scroll sideways on a phone). */
export async function fitsViewport(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
