// The customer pages as each role sees them, in English and French: the list with sorting, filters and
// paging; the customer card with its orders and its "Order follow-ups" tab; the create and edit forms.
import { describe, expect, it } from 'vitest';
import { createCustomer } from '../../src/modules/customers/customer.service.ts';
import { createFollowup } from '../../src/modules/followups/followup.service.ts';
import { listOrders } from '../../src/modules/orders/order.service.ts';
import { setLocale } from '../../src/modules/users/user.service.ts';
import { customer, order } from '../setup/fixtures.ts';
import { describeEachDialect } from '../setup/test-database.ts';
import { pageTeam } from './page-team.ts';
import { fieldError, headers, inputValue, links, selectedValue, textOf } from './pages-session.ts';

/** Customer names in the list, in the order shown. */
const namesOf = (html: string) =>
  [...html.matchAll(/<td><a href="\/customers\/\d+">([^<]+)<\/a><\/td>/g)].map((m) => m[1]);

describeEachDialect('customer pages', (dialect) => {
  let aliceCo: { id: number };
  let bobCo: { id: number };
  let prospect: { id: number };

  const team = pageTeam(dialect, async ({ ctx, people }) => {
    await setLocale(ctx, people.manager.actor, 'fr');
    aliceCo = await customer(ctx, 'Boulangerie Alice', people.alice.user.id);
    bobCo = await customer(ctx, 'Garage Bob', people.bob.user.id);
    prospect = await createCustomer(ctx, null, {
      name: 'Atelier Prospect',
      code: 'PR-1',
      kind: 'prospect',
      town: 'Lyon',
      email: 'contact@atelier.example',
      phone: '04 00 00 00 00',
      salesRepId: people.alice.user.id,
    });
    const a1 = await order(ctx, 'CO-A1', aliceCo.id, 'validated');
    const a2 = await order(ctx, 'CO-A2', aliceCo.id, 'delivered');
    const b1 = await order(ctx, 'CO-B1', bobCo.id, 'validated');
    await createFollowup(ctx, people.alice.actor, {
      orderId: a1.id,
      channel: 'phone',
      note: 'Premier appel',
      nextAt: '2026-12-01',
    });
    await createFollowup(ctx, people.alice.actor, {
      orderId: a2.id,
      channel: 'email',
      note: 'Livrée, merci',
    });
    await createFollowup(ctx, people.bob.actor, { orderId: b1.id, channel: 'phone', note: 'Chez Bob' });
  });
  const { people, as } = team;

  describe('the list', () => {
    it('has sortable columns in English and French', async () => {
      const en = await as.admin.get('/customers');
      expect(en.status).toBe(200);
      expect(headers(en.html)).toEqual(['Name', 'Code', 'Kind', 'Town', 'Sales rep', 'Created']);
      expect(links(en.html)).toEqual(
        expect.arrayContaining(['?sort=-name', '?sort=code', '?sort=kind', '?sort=town', '?sort=-createdAt']),
      );
      expect(namesOf(en.html)).toEqual(['Atelier Prospect', 'Boulangerie Alice', 'Garage Bob']);
      expect(textOf(en.html)).toContain('Prospect PR-1');
      const fr = await as.manager.get('/customers');
      expect(headers(fr.html)).toEqual(['Nom', 'Code', 'Type', 'Ville', 'Commercial', 'Créé le']);
      expect(textOf(fr.html)).toContain('Alice Vendeuse');
      expect(en.html).toContain('<div class="table-wrap">');
    });

    it('sorts and reverses', async () => {
      expect(namesOf((await as.admin.get('/customers?sort=-name')).html)).toEqual([
        'Garage Bob',
        'Boulangerie Alice',
        'Atelier Prospect',
      ]);
      const byTown = await as.admin.get('/customers?sort=town');
      expect(namesOf(byTown.html)[0]).toBe('Atelier Prospect');
      expect(byTown.html).toContain('aria-sort="ascending"><a href="?sort=-town">Town ▲');
    });

    it('filters on kind, sales rep and text, keeping the filters in the form and links', async () => {
      const prospects = await as.admin.get('/customers?kind=prospect');
      expect(namesOf(prospects.html)).toEqual(['Atelier Prospect']);
      expect(selectedValue(prospects.html, 'kind')).toBe('prospect');
      expect(links(prospects.html)).toContain('?kind=prospect&sort=-name');
      const bobs = await as.admin.get(`/customers?salesRepId=${people.bob.user.id}&kind=`);
      expect(namesOf(bobs.html)).toEqual(['Garage Bob']);
      expect(selectedValue(bobs.html, 'salesRepId')).toBe(String(people.bob.user.id));
      const search = await as.admin.get('/customers?q=lyon');
      expect(namesOf(search.html)).toEqual(['Atelier Prospect']);
      expect(inputValue(search.html, 'q')).toBe('lyon');
    });

    it('pages with a cursor', async () => {
      const first = await as.admin.get('/customers?limit=2');
      expect(namesOf(first.html)).toEqual(['Atelier Prospect', 'Boulangerie Alice']);
      const next = links(first.html).find((h) => h.includes('cursor='));
      expect(namesOf((await as.admin.get(`/customers${next}`)).html)).toEqual(['Garage Bob']);
    });

    it('refuses an unknown sort with a message', async () => {
      const page = await as.admin.get('/customers?sort=password');
      expect(page.status).toBe(400);
      expect(textOf(page.html)).toContain('This list link is not valid');
    });

    it('shows a salesperson only their customers, without the sales rep filter', async () => {
      const page = await as.alice.get('/customers');
      expect(namesOf(page.html)).toEqual(['Atelier Prospect', 'Boulangerie Alice']);
      expect(selectedValue(page.html, 'salesRepId')).toBeNull();
      expect(links(page.html)).not.toContain('/customers/new');
    });
  });

  describe('the customer card and its tab', () => {
    it('shows the details, only its orders, and the "Order follow-ups" tab', async () => {
      const page = await as.admin.get(`/customers/${aliceCo.id}`);
      expect(page.status).toBe(200);
      const text = textOf(page.html);
      expect(text).toContain('Boulangerie Alice');
      expect(text).toContain('Alice Vendeuse');
      expect(text).toContain('CO-A1');
      expect(text).toContain('CO-A2');
      expect(text).not.toContain('CO-B1');
      expect(page.html).toContain(`<a href="/customers/${aliceCo.id}/followups">Order follow-ups</a>`);
      expect(page.html).toContain(`<a href="/customers/${aliceCo.id}" aria-current="page">Customer card</a>`);
      expect(links(page.html)).toEqual(
        expect.arrayContaining([`/customers/${aliceCo.id}/edit`, `/orders/new?customerId=${aliceCo.id}`]),
      );
      // Its orders sort on the card itself.
      const sorted = await as.admin.get(`/customers/${aliceCo.id}?sort=-ref`);
      expect(textOf(sorted.html).indexOf('CO-A2')).toBeLessThan(textOf(sorted.html).indexOf('CO-A1'));
      const contact = await as.admin.get(`/customers/${prospect.id}`);
      expect(links(contact.html)).toEqual(
        expect.arrayContaining(['mailto:contact@atelier.example', 'tel:0400000000']),
      );
      expect(textOf(contact.html)).toContain('This customer has no order yet.');
    });

    it('is in French for a French user, tab "Relance commandes" included', async () => {
      const page = await as.manager.get(`/customers/${aliceCo.id}`);
      expect(page.html).toContain(`<a href="/customers/${aliceCo.id}/followups">Relance commandes</a>`);
      expect(page.html).toContain('>Fiche client</a>');
      expect(textOf(page.html)).toContain('Commandes');
    });

    it('lists the follow-ups of all its orders in its tab, and no one else’s', async () => {
      for (const [v, label] of [
        [as.admin, 'Order follow-ups'],
        [as.manager, 'Relance commandes'],
      ] as const) {
        const page = await v.get(`/customers/${aliceCo.id}/followups`);
        expect(page.status).toBe(200);
        expect(page.html).toContain(
          `<a href="/customers/${aliceCo.id}/followups" aria-current="page">${label}</a>`,
        );
        const text = textOf(page.html);
        expect(text).toContain('Premier appel');
        expect(text).toContain('Livrée, merci');
        expect(text).not.toContain('Chez Bob');
      }
    });

    it("offers in its Add form only this customer's orders, open ones first", async () => {
      const page = await as.alice.get(`/customers/${aliceCo.id}/followups`);
      expect(page.html).toContain(`name="context" value="customer:${aliceCo.id}"`);
      const select = /<select[^>]*name="orderId"[^>]*>([\s\S]*?)<\/select>/.exec(page.html)?.[1] ?? '';
      const offered = [...select.matchAll(/<option value="\d+"[^>]*>([^<]+)<\/option>/g)].map((m) => m[1]);
      expect(offered).toEqual(['CO-A1 · Boulangerie Alice', 'CO-A2 · Boulangerie Alice (Delivered)']);
      expect(page.html).toMatch(/<button type="submit"[^>]*>Add<\/button>/);
      const fr = await as.manager.get(`/customers/${aliceCo.id}/followups`);
      expect(fr.html).toMatch(/<button type="submit"[^>]*>Ajouter<\/button>/);
      expect((await as.viewer.get(`/customers/${aliceCo.id}/followups`)).html).not.toContain(
        'name="orderId"',
      );
    });

    it('takes a follow-up added from its tab and shows it there', async () => {
      const { items } = await listOrders(team.ctx, people.alice.actor, { limit: 10, q: 'CO-A1' });
      const a1 = items[0];
      const back = `/customers/${aliceCo.id}/followups`;
      const res = await as.alice.post('/followups', {
        context: `customer:${aliceCo.id}`,
        return: back,
        orderId: String(a1?.id),
        channel: 'phone',
        note: 'Rappel depuis la fiche client',
        doneAt: '2026-11-26T10:00',
        nextAt: '',
        preset: '',
      });
      expect(res.status).toBe(303);
      expect(res.location?.startsWith(`${back}?saved=`)).toBe(true);
      expect(textOf((await as.alice.get(res.location ?? '')).html)).toContain(
        'Rappel depuis la fiche client',
      );
    });

    it('answers 404 to a salesperson for another rep’s customer', async () => {
      for (const path of [
        `/customers/${bobCo.id}`,
        `/customers/${bobCo.id}/followups`,
        `/customers/${bobCo.id}/edit`,
      ]) {
        const page = await as.alice.get(path);
        expect(page.status, path).toBe(404);
      }
      expect((await as.alice.get(`/customers/${aliceCo.id}`)).status).toBe(200);
    });

    it('shows the viewer no edit button nor "New order"', async () => {
      const page = await as.viewer.get(`/customers/${aliceCo.id}`);
      expect(page.status).toBe(200);
      expect(links(page.html)).not.toContain(`/customers/${aliceCo.id}/edit`);
      expect(links(page.html)).not.toContain(`/orders/new?customerId=${aliceCo.id}`);
    });
  });

  describe('create and edit', () => {
    const good = () => ({
      name: 'Fromagerie Nouvelle',
      code: 'FR-9',
      kind: 'customer',
      email: 'bonjour@fromagerie.example',
      phone: '',
      town: 'Annecy',
      country: 'France',
      salesRepId: '',
    });

    it('refuses the forms to sales and viewers: 403 on the page and on POST', async () => {
      for (const v of [as.alice, as.viewer]) {
        expect((await v.get('/customers/new')).status).toBe(403);
        expect((await v.post('/customers/new', good())).status).toBe(403);
        expect((await v.post(`/customers/${aliceCo.id}/edit`, good())).status).toBe(403);
      }
      expect((await as.viewer.get(`/customers/${aliceCo.id}/edit`)).status).toBe(403);
      expect(namesOf((await as.admin.get('/customers?q=Fromagerie')).html)).toEqual([]);
    });

    it('creates a customer and opens its card', async () => {
      const form = await as.manager.get('/customers/new');
      for (const label of ['Nom', 'Code', 'Type', 'E-mail', 'Téléphone', 'Ville', 'Pays', 'Commercial'])
        expect(form.html).toContain(`<label>${label}`);
      const res = await as.manager.post('/customers/new', {
        ...good(),
        salesRepId: String(people.bob.user.id),
      });
      expect(res.status).toBe(303);
      const card = await as.manager.get(res.location ?? '');
      const text = textOf(card.html);
      expect(text).toContain('Fromagerie Nouvelle');
      expect(text).toContain('Annecy');
      expect(text).toContain('Bob Vendeur');
    });

    it('keeps the input and explains each bad field in the user language', async () => {
      const page = await as.manager.post('/customers/new', {
        ...good(),
        name: '',
        email: 'not-an-email',
        salesRepId: 'someone',
        code: 'X-1',
      });
      expect(page.status).toBe(422);
      expect(fieldError(page.html, 'name')).toBe('Saisissez un nom de 1 à 200 caractères.');
      expect(fieldError(page.html, 'email')).toBe('Saisissez une adresse e-mail comme nom@exemple.fr.');
      expect(fieldError(page.html, 'salesRepId')).toBe('Choisissez un utilisateur dans la liste.');
      expect(fieldError(page.html, 'town')).toBeNull();
      expect(inputValue(page.html, 'email')).toBe('not-an-email');
      expect(inputValue(page.html, 'town')).toBe('Annecy');
      expect(inputValue(page.html, 'code')).toBe('X-1');
    });

    it('says when the code is taken (409) or the sales rep unknown (422), in English', async () => {
      const dup = await as.admin.post('/customers/new', { ...good(), code: 'PR-1', name: 'Copie' });
      expect(dup.status).toBe(409);
      expect(fieldError(dup.html, 'code')).toBe('Another customer already has this code.');
      expect(inputValue(dup.html, 'name')).toBe('Copie');
      const ghost = await as.admin.post('/customers/new', { ...good(), code: 'G-1', salesRepId: '999999' });
      expect(ghost.status).toBe(422);
      expect(fieldError(ghost.html, 'salesRepId')).toBe('Choose a user from the list.');
    });

    it('refuses a form without its CSRF token, keeping the input', async () => {
      const page = await as.admin.post('/customers/new', { ...good(), name: 'Sans jeton' }, { csrf: '' });
      expect(page.status).toBe(403);
      expect(textOf(page.html)).toContain('Your session form expired');
      expect(inputValue(page.html, 'name')).toBe('Sans jeton');
      expect(namesOf((await as.admin.get('/customers?q=Sans')).html)).toEqual([]);
    });

    it('edits a customer from a form that starts with its values', async () => {
      const form = await as.admin.get(`/customers/${prospect.id}/edit`);
      expect(inputValue(form.html, 'name')).toBe('Atelier Prospect');
      expect(selectedValue(form.html, 'kind')).toBe('prospect');
      expect(selectedValue(form.html, 'salesRepId')).toBe(String(people.alice.user.id));
      const res = await as.admin.post(`/customers/${prospect.id}/edit`, {
        name: 'Atelier Client',
        code: 'PR-1',
        kind: 'customer',
        email: '',
        phone: '',
        town: 'Lyon',
        country: '',
        salesRepId: '',
      });
      expect(res.status).toBe(303);
      const text = textOf((await as.admin.get(`/customers/${prospect.id}`)).html);
      expect(text).toContain('Atelier Client');
      expect(text).not.toContain('contact@atelier.example');
      // No sales rep any more: Alice no longer sees it.
      expect((await as.alice.get(`/customers/${prospect.id}`)).status).toBe(404);
    });
  });
});
