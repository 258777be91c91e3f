// The order pages as each role sees them, in English and French: the list with its follow-up columns,
// sorting, filters and paging; the order card and its "Order follow-ups" tab; the create and edit forms.
import { describe, expect, it } from 'vitest';
import { createFollowup } from '../../src/modules/followups/followup.service.ts';
import type { Order } from '../../src/modules/orders/order.schemas.ts';
import { setLocale } from '../../src/modules/users/user.service.ts';
import { customer, order } from '../setup/fixtures.ts';
import { describeEachDialect } from '../setup/test-database.ts';
import { pageTeam } from './page-team.ts';
import { fieldError, headers, inputValue, links, selectedValue, textOf } from './pages-session.ts';

/** The order refs in the list, in the order shown. */
const refsOf = (html: string) => [...html.matchAll(/<a href="\/orders\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);

describeEachDialect('order pages', (dialect) => {
  let a1: Order;
  let a2: Order;
  let b1: Order;
  let a3: Order;
  let aliceCo: { id: number };
  let bobCo: { id: number };

  // Thursday 26 November 2026, 10:00 in Paris.
  const team = pageTeam(dialect, async ({ ctx, people }) => {
    // Manon works in French; everyone else in English.
    await setLocale(ctx, people.manager.actor, 'fr');
    aliceCo = await customer(ctx, 'Boulangerie Alice', people.alice.user.id);
    bobCo = await customer(ctx, 'Garage Bob', people.bob.user.id);
    a1 = await order(ctx, 'CO-A1', aliceCo.id, 'validated');
    a2 = await order(ctx, 'CO-A2', aliceCo.id, 'delivered');
    b1 = await order(ctx, 'CO-B1', bobCo.id, 'in_progress');
    a3 = await order(ctx, 'CO-A3', aliceCo.id, 'draft');
    const alice = people.alice.actor;
    // Overdue (the 20th is before today), closed (never due), due today.
    await createFollowup(ctx, alice, {
      orderId: a1.id,
      channel: 'phone',
      note: '<script>alert(1)</script> Veut réfléchir',
      doneAt: '2026-11-10T10:00:00+01:00',
      nextAt: '2026-11-20',
    });
    await createFollowup(ctx, alice, {
      orderId: a2.id,
      channel: 'email',
      note: 'Livrée',
      doneAt: '2026-11-12T10:00:00+01:00',
      nextAt: '2026-11-15',
    });
    await createFollowup(ctx, people.bob.actor, {
      orderId: b1.id,
      channel: 'phone',
      note: 'Rappeler jeudi',
      doneAt: '2026-11-19T10:00:00+01:00',
      nextAt: '2026-11-26',
    });
    await createFollowup(ctx, people.bob.actor, {
      orderId: b1.id,
      channel: 'meeting',
      note: 'Second',
      doneAt: '2026-11-18T10:00:00+01:00',
      nextAt: null,
    });
  });
  const { as } = team;

  describe('the list', () => {
    it('shows the follow-up columns, each a sort link, in English', async () => {
      const page = await as.admin.get('/orders');
      expect(page.status).toBe(200);
      expect(headers(page.html)).toEqual([
        'Ref',
        'Customer',
        'Status',
        'Order date',
        'Total excl. tax',
        'Last follow-up',
        'Next follow-up',
        'Follow-ups',
        'Due',
      ]);
      const sortLinks = links(page.html).filter((h) => h.includes('sort='));
      for (const field of ['ref', 'customerName', 'status', 'nextFollowupAt'])
        expect(sortLinks).toContain(`?sort=${field}`);
      // Dates, amounts and counts sort newest / biggest first on the first click.
      for (const field of ['orderDate', 'totalExclTax', 'lastFollowupAt', 'followupCount'])
        expect(sortLinks).toContain(`?sort=-${field}`);
      expect(page.html).toContain('<div class="table-wrap">');
      expect(page.html).toMatch(/<th scope="col" aria-sort="none"><a href="\?sort=ref">Ref<\/a><\/th>/);
    });

    it('speaks French to a French user, with the same columns', async () => {
      const page = await as.manager.get('/orders');
      expect(page.html).toContain('<html lang="fr">');
      expect(headers(page.html)).toEqual([
        'Réf.',
        'Client',
        'Statut',
        'Date de commande',
        'Total HT',
        'Dernière relance',
        'Prochaine relance',
        'Relances',
        'Échéance',
      ]);
      const text = textOf(page.html);
      expect(text).toContain('En retard');
      expect(text).toContain('100,00 €');
      expect(text).toContain('En cours de livraison');
    });

    it('marks the overdue order, and the order due today, but never a closed order', async () => {
      const page = await as.admin.get('/orders?sort=ref');
      const rows = page.html
        .split('<tr')
        .slice(2)
        .map((r) => r.split('</tr>')[0] ?? '');
      const row = (ref: string) => textOf(rows.find((r) => r.includes(`>${ref}<`)) ?? '');
      expect(row('CO-A1')).toContain('Overdue');
      expect(row('CO-A1')).toContain('20 Nov 2026');
      expect(row('CO-A2')).not.toMatch(/Overdue|Due today/);
      expect(row('CO-B1')).toContain('Due today');
      expect(row('CO-B1')).toMatch(/ 2 Due today$/);
      expect(row('CO-A3')).toContain('€100.00');
    });

    it('sorts on a column, and the same header then reverses it', async () => {
      const asc = await as.admin.get('/orders?sort=nextFollowupAt');
      expect(refsOf(asc.html)).toEqual(['CO-A2', 'CO-A1', 'CO-B1', 'CO-A3']);
      expect(asc.html).toContain('aria-sort="ascending"><a href="?sort=-nextFollowupAt">Next follow-up ▲');
      const desc = await as.admin.get('/orders?sort=-followupCount');
      expect(refsOf(desc.html)[0]).toBe('CO-B1');
      const byRef = await as.admin.get('/orders?sort=-ref');
      expect(refsOf(byRef.html)).toEqual(['CO-B1', 'CO-A3', 'CO-A2', 'CO-A1']);
    });

    it('filters on due state, status, text and customer, and keeps the filters in sort links', async () => {
      expect(refsOf((await as.admin.get('/orders?due=overdue')).html)).toEqual(['CO-A1']);
      expect(refsOf((await as.admin.get('/orders?due=today')).html)).toEqual(['CO-B1']);
      expect(refsOf((await as.admin.get('/orders?due=due&sort=ref')).html)).toEqual(['CO-A1', 'CO-B1']);
      // Filtered on a due state, the longest-waiting order comes first unless another sort is chosen.
      const due = await as.admin.get('/orders?due=due');
      expect(refsOf(due.html)).toEqual(['CO-A1', 'CO-B1']);
      expect(due.html).toContain('aria-sort="ascending"><a href="?due=due&amp;sort=-nextFollowupAt">');
      expect(refsOf((await as.admin.get('/orders?due=never')).html)).toEqual(['CO-A3']);
      expect(refsOf((await as.admin.get('/orders?status=delivered')).html)).toEqual(['CO-A2']);
      expect(refsOf((await as.admin.get('/orders?q=garage')).html)).toEqual(['CO-B1']);
      const byCustomer = await as.admin.get(`/orders?customerId=${bobCo.id}&status=`);
      expect(refsOf(byCustomer.html)).toEqual(['CO-B1']);
      expect(textOf(byCustomer.html)).toContain('Customer: Garage Bob');
      expect(links(byCustomer.html)).toContain(`?customerId=${bobCo.id}&sort=ref`);
      const filtered = await as.admin.get('/orders?due=overdue&q=CO');
      expect(selectedValue(filtered.html, 'due')).toBe('overdue');
      expect(inputValue(filtered.html, 'q')).toBe('CO');
      expect(links(filtered.html)).toContain('?due=overdue&q=CO&sort=ref');
    });

    it('pages with a cursor and comes back to the first page', async () => {
      const first = await as.admin.get('/orders?sort=ref&limit=3');
      expect(refsOf(first.html)).toEqual(['CO-A1', 'CO-A2', 'CO-A3']);
      const next = links(first.html).find((h) => h.includes('cursor='));
      expect(next).toBeDefined();
      const second = await as.admin.get(`/orders${next}`);
      expect(refsOf(second.html)).toEqual(['CO-B1']);
      expect(links(second.html)).toContain('?sort=ref&limit=3');
    });

    it('refuses an unknown sort or a bad filter with a message, not a crash', async () => {
      for (const bad of ['sort=secret', 'due=someday', 'cursor=garbage']) {
        const page = await as.admin.get(`/orders?${bad}`);
        expect(page.status, bad).toBe(400);
        expect(textOf(page.html)).toContain('This list link is not valid');
      }
    });

    it("shows a salesperson only their customers' orders", async () => {
      const page = await as.alice.get('/orders?sort=ref');
      expect(refsOf(page.html)).toEqual(['CO-A1', 'CO-A2', 'CO-A3']);
      expect(textOf(page.html)).not.toContain('Garage Bob');
    });

    it('offers "New order" only to those who may write orders', async () => {
      expect(links((await as.admin.get('/orders')).html)).toContain('/orders/new');
      expect(links((await as.manager.get('/orders')).html)).toContain('/orders/new');
      expect(links((await as.alice.get('/orders')).html)).not.toContain('/orders/new');
      expect(links((await as.viewer.get('/orders')).html)).not.toContain('/orders/new');
    });
  });

  describe('the order card and its tab', () => {
    it('shows the details formatted for the reader, and the "Order follow-ups" tab', async () => {
      const page = await as.admin.get(`/orders/${a1.id}`);
      expect(page.status).toBe(200);
      const text = textOf(page.html);
      expect(text).toContain('Order CO-A1');
      expect(text).toContain('Boulangerie Alice');
      expect(text).toContain('€100.00');
      expect(text).toContain('20 Nov 2026 Overdue');
      expect(text).toContain('10 Nov 2026');
      expect(page.html).toContain(`<a href="/orders/${a1.id}/followups">Order follow-ups</a>`);
      expect(page.html).toContain(`<a href="/orders/${a1.id}" aria-current="page">Order card</a>`);
      expect(links(page.html)).toContain(`/orders/${a1.id}/edit`);
    });

    it('is in French for a French user', async () => {
      const page = await as.manager.get(`/orders/${a1.id}`);
      const text = textOf(page.html);
      expect(text).toContain('Commande CO-A1');
      expect(text).toContain('100,00 €');
      expect(text).toContain('20 nov. 2026 En retard');
      expect(page.html).toContain(`<a href="/orders/${a1.id}/followups">Relance commandes</a>`);
    });

    it("lists the order's follow-ups in its tab, notes shown as text", async () => {
      for (const [v, label, cols] of [
        [as.admin, 'Order follow-ups', ['Id', 'Customer', 'Order', 'Note', 'User', 'Date', 'Next follow-up']],
        [
          as.manager,
          'Relance commandes',
          ['Id', 'Client', 'Commande', 'Note', 'Utilisateur', 'Date', 'Date prochaine relance'],
        ],
      ] as const) {
        const page = await v.get(`/orders/${b1.id}/followups`);
        expect(page.status).toBe(200);
        expect(page.html).toContain(`<a href="/orders/${b1.id}/followups" aria-current="page">${label}</a>`);
        expect(headers(page.html)).toEqual([...cols]);
        expect(textOf(page.html)).toContain('Rappeler jeudi');
        expect(textOf(page.html)).not.toContain('Livrée');
      }
      const withScript = await as.admin.get(`/orders/${a1.id}/followups`);
      expect(withScript.html).not.toContain('<script>alert(1)</script>');
      expect(withScript.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Veut réfléchir');
    });

    it('offers the Add form with the order fixed; what is added there shows in the tab', async () => {
      const o = await order(team.ctx, 'CO-TAB', aliceCo.id, 'validated');
      const tab = await as.alice.get(`/orders/${o.id}/followups`);
      expect(tab.html).toContain(`<input type="hidden" name="orderId" value="${o.id}"/>`);
      expect(tab.html).toContain(`name="context" value="order:${o.id}"`);
      expect(tab.html).toMatch(/<button type="submit"[^>]*>Add<\/button>/);
      const res = await as.alice.post('/followups', {
        context: `order:${o.id}`,
        return: `/orders/${o.id}/followups`,
        orderId: String(o.id),
        channel: 'email',
        note: 'Devis renvoyé',
        doneAt: '2026-11-26T10:00',
        nextAt: '2026-12-03',
        preset: '',
      });
      expect(res.status).toBe(303);
      expect(res.location).toMatch(new RegExp(`^/orders/${o.id}/followups\\?saved=\\d+$`));
      expect(textOf((await as.alice.get(res.location ?? '')).html)).toContain('Devis renvoyé');
      const card = textOf((await as.alice.get(`/orders/${o.id}`)).html);
      expect(card).toContain('3 Dec 2026');
      expect(card).not.toContain('Overdue');
      expect(textOf((await as.manager.get(`/orders/${o.id}/followups`)).html)).toContain('Devis renvoyé');
    });

    it('shows the viewer the list of the tab without the Add form', async () => {
      const page = await as.viewer.get(`/orders/${b1.id}/followups`);
      expect(page.status).toBe(200);
      expect(textOf(page.html)).toContain('Rappeler jeudi');
      expect(page.html).not.toContain('name="context"');
    });

    it('answers 404 for an order of another rep, and for an order that does not exist', async () => {
      for (const path of [`/orders/${b1.id}`, `/orders/${b1.id}/followups`, `/orders/${b1.id}/edit`]) {
        const page = await as.alice.get(path);
        expect(page.status, path).toBe(404);
        expect(textOf(page.html)).toContain('Not found.');
      }
      expect((await as.admin.get('/orders/999999')).status).toBe(404);
      expect((await as.manager.get('/orders/999999')).html).toContain('Introuvable.');
    });

    it('lets the viewer read the card, without an edit button', async () => {
      const page = await as.viewer.get(`/orders/${b1.id}`);
      expect(page.status).toBe(200);
      expect(links(page.html)).not.toContain(`/orders/${b1.id}/edit`);
      expect(textOf(page.html)).not.toContain('Edit');
    });
  });

  describe('create and edit', () => {
    const good = () => ({
      ref: 'CO-NEW',
      customerId: String(aliceCo.id),
      status: 'validated',
      orderDate: '2026-11-20',
      deliveryDate: '',
      totalExclTax: '1 250,50',
      currency: 'eur',
      customerRef: 'PO-77',
    });

    it('refuses the forms to sales and viewers: 403 on the page and on POST', async () => {
      for (const v of [as.alice, as.viewer]) {
        expect((await v.get('/orders/new')).status).toBe(403);
        expect((await v.post('/orders/new', good())).status).toBe(403);
        expect((await v.post(`/orders/${a1.id}/edit`, good())).status).toBe(403);
      }
      const page = await as.viewer.get(`/orders/${a1.id}/edit`);
      expect(page.status).toBe(403);
      expect(textOf(page.html)).toContain('You are not allowed to do this.');
      expect(refsOf((await as.admin.get('/orders?q=CO-NEW')).html)).toEqual([]);
    });

    it('creates an order from the form and opens its card', async () => {
      const form = await as.manager.get('/orders/new');
      expect(form.status).toBe(200);
      for (const label of ['Référence', 'Client', 'Statut', 'Date de commande', 'Total HT', 'Devise'])
        expect(form.html).toContain(`<label>${label}`);
      const res = await as.manager.post('/orders/new', good());
      expect(res.status).toBe(303);
      const card = await as.manager.get(res.location ?? '');
      const text = textOf(card.html);
      expect(text).toContain('Commande CO-NEW');
      expect(text).toContain('1 250,50 €');
      expect(text).toContain('PO-77');
      expect(text).toContain('Validée');
    });

    it('keeps the input and puts a message in the user language next to each bad field', async () => {
      const bad = { ...good(), ref: ' ', totalExclTax: '12.345', orderDate: '2026-13-45', currency: 'euro' };
      const page = await as.manager.post('/orders/new', bad);
      expect(page.status).toBe(422);
      expect(fieldError(page.html, 'ref')).toBe('Saisissez une référence de 1 à 60 caractères.');
      expect(fieldError(page.html, 'totalExclTax')).toBe(
        'Saisissez un montant avec au plus 2 décimales, comme 1250,50.',
      );
      expect(fieldError(page.html, 'orderDate')).toBe('Saisissez une date comme 2026-12-01.');
      expect(fieldError(page.html, 'currency')).toBe(
        'Saisissez un code de devise à trois lettres comme EUR.',
      );
      expect(fieldError(page.html, 'customerRef')).toBeNull();
      expect(inputValue(page.html, 'totalExclTax')).toBe('12.345');
      expect(inputValue(page.html, 'orderDate')).toBe('2026-13-45');
      expect(inputValue(page.html, 'customerRef')).toBe('PO-77');
      expect(selectedValue(page.html, 'customerId')).toBe(String(aliceCo.id));
      expect(selectedValue(page.html, 'status')).toBe('validated');
      expect(page.html).toContain('aria-invalid="true" aria-describedby="ref-error"');
    });

    it('says in English when the ref is already used (409) and when the customer is unknown', async () => {
      const dup = await as.admin.post('/orders/new', { ...good(), ref: 'CO-A1' });
      expect(dup.status).toBe(409);
      expect(fieldError(dup.html, 'ref')).toBe('Another order already has this reference.');
      expect(inputValue(dup.html, 'ref')).toBe('CO-A1');
      const unknown = await as.admin.post('/orders/new', { ...good(), ref: 'CO-X', customerId: '' });
      expect(unknown.status).toBe(422);
      expect(fieldError(unknown.html, 'customer')).toBe(
        'Choose an existing customer (code, number or exact name).',
      );
    });

    it('refuses a form without its CSRF token, keeping what was typed', async () => {
      const page = await as.admin.post('/orders/new', { ...good(), ref: 'CO-CSRF' }, { csrf: '' });
      expect(page.status).toBe(403);
      expect(textOf(page.html)).toContain('Your session form expired');
      expect(inputValue(page.html, 'ref')).toBe('CO-CSRF');
      expect(inputValue(page.html, 'totalExclTax')).toBe('1 250,50');
      expect(inputValue(page.html, '_csrf')).toBe(as.admin.csrf);
      const stale = await as.admin.post('/orders/new', { ...good(), ref: 'CO-CSRF' }, { csrf: 'stale' });
      expect(stale.status).toBe(403);
      expect(refsOf((await as.admin.get('/orders?q=CO-CSRF')).html)).toEqual([]);
    });

    it('edits an order: the form starts from the order, and saving shows the change', async () => {
      const form = await as.admin.get(`/orders/${a3.id}/edit`);
      expect(form.status).toBe(200);
      expect(inputValue(form.html, 'ref')).toBe('CO-A3');
      expect(inputValue(form.html, 'totalExclTax')).toBe('100.00');
      expect(selectedValue(form.html, 'status')).toBe('draft');
      const res = await as.admin.post(`/orders/${a3.id}/edit`, {
        ref: 'CO-A3',
        customerId: String(aliceCo.id),
        status: 'cancelled',
        orderDate: '',
        deliveryDate: '2026-12-24',
        totalExclTax: '99.90',
        currency: 'EUR',
        customerRef: '',
      });
      expect(res.status).toBe(303);
      expect(res.location).toBe(`/orders/${a3.id}`);
      const text = textOf((await as.admin.get(`/orders/${a3.id}`)).html);
      expect(text).toContain('Cancelled');
      expect(text).toContain('24 Dec 2026');
      expect(text).toContain('€99.90');
    });

    it('keeps the input of a refused edit', async () => {
      const page = await as.admin.post(`/orders/${a3.id}/edit`, {
        ref: 'CO-B1',
        customerId: String(aliceCo.id),
        status: 'draft',
        orderDate: '',
        deliveryDate: '',
        totalExclTax: 'abc',
        currency: 'EUR',
        customerRef: 'mine',
      });
      expect(page.status).toBe(422);
      expect(fieldError(page.html, 'totalExclTax')).toContain('at most 2 decimals');
      expect(inputValue(page.html, 'ref')).toBe('CO-B1');
      expect(inputValue(page.html, 'customerRef')).toBe('mine');
      const conflict = await as.admin.post(`/orders/${a3.id}/edit`, {
        ref: 'CO-B1',
        customerId: String(aliceCo.id),
        status: 'draft',
        orderDate: '',
        deliveryDate: '',
        totalExclTax: '1',
        currency: 'EUR',
        customerRef: '',
      });
      expect(conflict.status).toBe(409);
      expect(fieldError(conflict.html, 'ref')).toBe('Another order already has this reference.');
    });

    it('pre-selects the customer when coming from a customer card', async () => {
      const form = await as.admin.get(`/orders/new?customerId=${bobCo.id}`);
      expect(selectedValue(form.html, 'customerId')).toBe(String(bobCo.id));
    });
  });
});
