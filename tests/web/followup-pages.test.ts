// "Order follow-ups" as each role sees it, in English and French: the seven columns, sorting, filters and paging
// of /followups; recording a follow-up through the Add form (order picker, presets, the note's date), refused
// input shown again as typed, edit and delete, and what sales and viewers may not see or do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { AppContext } from '../../src/context.ts';
import { createFollowup, getFollowup, listFollowups } from '../../src/modules/followups/followup.service.ts';
import type { Order } from '../../src/modules/orders/order.schemas.ts';
import { getOrder } from '../../src/modules/orders/order.service.ts';
import { customer, order, type Person, team } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { headers, links, logIn, textOf, type Visitor } from './pages-session.ts';

const EN_COLUMNS = ['Id', 'Customer', 'Order', 'Note', 'User', 'Date', 'Next follow-up'];
const FR_COLUMNS = ['Id', 'Client', 'Commande', 'Note', 'Utilisateur', 'Date', 'Date prochaine relance'];
const EN_FIELDS = ['Order', 'Channel', 'Note', 'Date', 'Next follow-up date'];
const FR_FIELDS = ['Commande', 'Canal', 'Note', 'Date', 'Date de prochaine relance'];

/** Visible texts of the <label for=…> of the Add form, in order. */
function formLabels(html: string): string[] {
  const form = /<form[^>]*data-followup-form[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  return [...form.matchAll(/<label for="[^"]*">([^<]*)<\/label>/g)].map((m) => m[1] ?? '');
}

/** The submit button's text of the Add form. */
const submitText = (html: string) =>
  textOf(
    /<form[^>]*data-followup-form[^>]*>[\s\S]*?<button type="submit"[^>]*>([\s\S]*?)<\/button>/.exec(
      html,
    )?.[1] ?? '',
  );

/** The message shown next to a form field (its id ends in -msg). */
function message(html: string, fieldId: string): string | null {
  const m = new RegExp(`<small[^>]*id="${fieldId}-msg"[^>]*>([\\s\\S]*?)</small>`).exec(html);
  return m ? textOf(m[1] ?? '') : null;
}

/** The follow-up ids of the list, in the order shown. */
const idsOf = (html: string) =>
  [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(/<tr><td>(?:<a [^>]*>)?(\d+)/g)].map(
    (m) => Number(m[1]),
  );

/** The textarea's content, entities decoded. */
const noteValue = (html: string) =>
  textOf(/<textarea[^>]*name="note"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '');

describeEachDialect('follow-up pages', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  let people: Record<'admin' | 'manager' | 'alice' | 'bob' | 'viewer', Person>;
  let as: Record<'admin' | 'manager' | 'alice' | 'bob' | 'viewer', Visitor>;
  let aliceCo: { id: number };
  let bobCo: { id: number };
  let a1: Order;
  let a2: Order;
  let a3: Order;
  let b1: Order;
  let old: number;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // Thursday 26 November 2026, 10:00 in Paris.
    clock = testClock('2026-11-26T09:00:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    app = createApp(ctx);
    people = await team(ctx, 'admin', 'manager', 'alice', 'bob', 'viewer');
    aliceCo = await customer(ctx, 'Boulangerie Alice', people.alice.user.id);
    bobCo = await customer(ctx, 'Garage Bob', people.bob.user.id);
    a1 = await order(ctx, 'CO-A1', aliceCo.id, 'validated');
    a2 = await order(ctx, 'CO-A2', aliceCo.id, 'delivered');
    a3 = await order(ctx, 'CO-A3', aliceCo.id, 'draft');
    b1 = await order(ctx, 'CO-B1', bobCo.id, 'in_progress');
    const alice = people.alice.actor;
    old = (
      await createFollowup(ctx, alice, {
        orderId: a1.id,
        channel: 'email',
        note: 'Devis envoyé',
        doneAt: '2026-11-02T10:00:00+01:00',
        nextAt: '2026-11-10',
      })
    ).id;
    await createFollowup(ctx, alice, {
      orderId: a1.id,
      channel: 'phone',
      note: 'Absent, rappeler',
      doneAt: '2026-11-16T10:00:00+01:00',
      nextAt: '2026-11-20',
    });
    await createFollowup(ctx, alice, {
      orderId: a2.id,
      channel: 'letter',
      note: 'Courrier de relance',
      doneAt: '2026-11-18T10:00:00+01:00',
      nextAt: '2026-11-19',
    });
    await createFollowup(ctx, people.bob.actor, {
      orderId: b1.id,
      channel: 'meeting',
      note: 'Secret de Bob',
      doneAt: '2026-11-24T10:00:00+01:00',
      nextAt: '2026-11-26',
    });
    as = {
      admin: await logIn(app, 'ada'),
      manager: await logIn(app, 'manon'),
      alice: await logIn(app, 'alice'),
      bob: await logIn(app, 'bob'),
      viewer: await logIn(app, 'victor'),
    };
  });
  afterAll(async () => db?.drop());

  describe('the list', () => {
    it('shows the seven columns of SPEC §5 and the Add form with its exact labels, in English and French', async () => {
      for (const who of ['admin', 'manager', 'alice', 'bob'] as const) {
        const en = await as[who].get('/followups?lang=en');
        expect(en.status, who).toBe(200);
        expect(headers(en.html), who).toEqual(EN_COLUMNS);
        expect(textOf(en.html)).toContain('Order follow-ups');
        expect(formLabels(en.html), who).toEqual(EN_FIELDS);
        expect(submitText(en.html)).toBe('Add');
        const fr = await as[who].get('/followups?lang=fr');
        expect(headers(fr.html), who).toEqual(FR_COLUMNS);
        expect(textOf(fr.html)).toContain('Relance commandes');
        expect(formLabels(fr.html), who).toEqual(FR_FIELDS);
        expect(submitText(fr.html)).toBe('Ajouter');
        expect(fr.html).toContain('<div class="table-wrap">');
      }
    });

    it('gives viewers the list in both languages but no Add form and no edit links', async () => {
      for (const lang of ['en', 'fr'] as const) {
        const page = await as.viewer.get(`/followups?lang=${lang}`);
        expect(page.status).toBe(200);
        expect(headers(page.html)).toEqual(lang === 'en' ? EN_COLUMNS : FR_COLUMNS);
        expect(page.html).not.toContain('data-followup-form');
        expect(links(page.html).some((l) => l.includes('/edit'))).toBe(false);
        expect(idsOf(page.html)).toHaveLength(4);
      }
    });

    it("shows a salesperson only their customers' follow-ups", async () => {
      const alice = textOf((await as.alice.get('/followups')).html);
      expect(alice).toContain('Boulangerie Alice');
      expect(alice).not.toContain('Secret de Bob');
      const bob = textOf((await as.bob.get('/followups')).html);
      expect(bob).toContain('Secret de Bob');
      expect(bob).not.toContain('Boulangerie Alice');
      const filtered = await as.bob.get(`/followups?customerId=${aliceCo.id}`);
      expect(filtered.status).toBe(200);
      expect(message(filtered.html, 'filter-customer')).toBe(
        `No customer you can see matches “${aliceCo.id}”.`,
      );
    });

    it("marks an open order's current next date when overdue, but not a superseded or closed one", async () => {
      const html = (await as.manager.get('/followups?lang=en')).html;
      // CO-A1's current next date (20 Nov) is overdue; its older one (10 Nov) is history; CO-A2 is delivered.
      expect(html).toMatch(/<time datetime="2026-11-20" class="overdue"/);
      expect(html).toMatch(/<time datetime="2026-11-10">/);
      expect(html).toMatch(/<time datetime="2026-11-19">/);
      expect(html).toMatch(/<time datetime="2026-11-26" class="due-today"/);
    });

    it('sorts on every column, both ways, with links that keep the filters', async () => {
      const page = await as.manager.get('/followups?channel=phone&lang=en');
      const sortLinks = links(page.html).filter((l) => l.includes('sort='));
      for (const field of ['id', 'customerName', 'orderRef', 'note', 'userName', 'doneAt', 'nextAt'])
        expect(
          sortLinks.some((l) => new URLSearchParams(l.slice(1)).get('sort')?.replace('-', '') === field),
          field,
        ).toBe(true);
      expect(sortLinks.every((l) => l.includes('channel=phone'))).toBe(true);

      const byNote = idsOf((await as.manager.get('/followups?sort=note')).html);
      const notes = await listFollowups(ctx, people.manager.actor, { sort: 'note', limit: 50 });
      expect(byNote).toEqual(notes.items.map((f) => f.id));
      const byNoteDesc = idsOf((await as.manager.get('/followups?sort=-note')).html);
      expect(byNoteDesc).toEqual([...byNote].reverse());
      const byDate = idsOf((await as.manager.get('/followups?sort=doneAt')).html);
      expect(byDate[0]).toBe(old);
      const header = (await as.manager.get('/followups?sort=-nextAt')).html;
      expect(header).toContain('aria-sort="descending"');
    });

    it('filters by customer, order, user, channel, dates, due state and text', async () => {
      const ids = async (q: string) => idsOf((await as.manager.get(`/followups?${q}`)).html).length;
      expect(await ids('customer=garage+bob')).toBe(1);
      expect(await ids('order=co-a1')).toBe(2);
      expect(await ids(`userId=${people.bob.user.id}`)).toBe(1);
      expect(await ids('channel=letter')).toBe(1);
      expect(await ids('doneFrom=2026-11-16&doneTo=2026-11-18')).toBe(2);
      expect(await ids('nextFrom=2026-11-19&nextTo=2026-11-20')).toBe(2);
      expect(await ids('due=overdue')).toBe(1);
      expect(await ids('due=today')).toBe(1);
      expect(await ids('q=courrier')).toBe(1);
      const kept = await as.manager.get('/followups?q=courrier&channel=letter');
      expect(kept.html).toContain('value="courrier"');
      expect(kept.html).toMatch(/<option value="letter" selected/);
    });

    it('shows bad filter values next to their field instead of failing, in the user language', async () => {
      const page = await as.alice.get(
        '/followups?doneFrom=yesterday&channel=fax&due=soon&sort=bogus&cursor=zzz',
      );
      expect(page.status).toBe(200);
      expect(message(page.html, 'filter-doneFrom')).toBe('Not a date: use YYYY-MM-DD.');
      expect(message(page.html, 'filter-channel')).toBe('Unknown value “fax”.');
      expect(message(page.html, 'filter-due')).toBe('Unknown value “soon”.');
      expect(textOf(page.html)).toContain('This list cannot be sorted by “bogus”; it is sorted by date.');
      expect(idsOf(page.html)).toHaveLength(3);
      const fr = await as.alice.get('/followups?lang=fr&order=CO-B1&cursor=zzz');
      expect(message(fr.html, 'filter-order')).toBe('Aucune commande visible n’a la réf. « CO-B1 ».');
      expect(textOf(fr.html)).toContain('Ce lien de page n’est plus valable ; voici la première page.');
    });

    it('pages by cursor: 50 rows, then the rest, without overlap, keeping the sort', async () => {
      const c = await customer(ctx, 'Grossiste Paging');
      const o = await order(ctx, 'PG-1', c.id);
      for (let i = 0; i < 55; i++)
        await createFollowup(ctx, people.manager.actor, {
          orderId: o.id,
          channel: 'phone',
          note: `Appel ${i}`,
          doneAt: `2026-10-01T${String(8 + (i % 10)).padStart(2, '0')}:${String(i).padStart(2, '0')}:00+02:00`,
        });
      const first = await as.manager.get('/followups?order=PG-1&sort=doneAt');
      expect(idsOf(first.html)).toHaveLength(50);
      const next = links(first.html).find((l) => l.includes('cursor='));
      expect(next).toBeDefined();
      expect(next).toContain('sort=doneAt');
      const second = await as.manager.get(`/followups${next}`);
      const rest = idsOf(second.html);
      expect(rest).toHaveLength(5);
      expect(rest.some((id) => idsOf(first.html).includes(id))).toBe(false);
      expect(links(second.html)).toContain('?order=PG-1&sort=doneAt');
    });

    it('shows notes with HTML or script as text', async () => {
      const f = await createFollowup(ctx, people.alice.actor, {
        orderId: a3.id,
        channel: 'other',
        note: '<script>alert("x")</script><b>gras</b>',
      });
      const html = (await as.alice.get('/followups?order=CO-A3')).html;
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt;');
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<b>gras</b>');
      const edit = await as.alice.get(`/followups/${f.id}/edit`);
      expect(edit.html).not.toContain('<script>alert');
    });
  });

  describe('the Add form', () => {
    it('records a follow-up by typed order ref (any case), with a preset next date, and goes back where it came from', async () => {
      const res = await as.alice.post('/followups', {
        orderRef: 'co-a3',
        channel: 'phone',
        note: 'Veut réfléchir',
        doneAt: '2026-11-26T10:15',
        nextAt: '',
        preset: '2w',
        return: '/followups?channel=phone',
      });
      expect(res.status).toBe(303);
      const saved = Number(new URL(res.location ?? '', 'http://x').searchParams.get('saved'));
      expect(res.location).toBe(`/followups?channel=phone&saved=${saved}`);
      const f = await getFollowup(ctx, people.alice.actor, saved);
      expect(f).toMatchObject({
        orderRef: 'CO-A3',
        note: 'Veut réfléchir',
        nextAt: '2026-12-10',
        doneAt: '2026-11-26T09:15:00.000Z',
        userId: people.alice.user.id,
      });
      expect((await getOrder(ctx, people.alice.actor, a3.id)).nextFollowupAt).toBe('2026-12-10');
      const back = await as.alice.get(res.location ?? '');
      expect(textOf(back.html)).toContain('Follow-up recorded on CO-A3.');
    });

    it('takes the next date from the note when asked, in French or English', async () => {
      for (const [note, expected] of [
        ['Veut réfléchir. À rappeler dans 2 semaines', '2026-12-10'],
        ['Busy, call back on Monday', '2026-11-30'],
      ] as const) {
        const res = await as.alice.post('/followups', {
          orderRef: 'CO-A3',
          channel: 'phone',
          note,
          doneAt: '2026-11-26T10:00',
          nextAt: '',
          preset: 'note',
        });
        expect(res.status, note).toBe(303);
        const id = Number(new URL(res.location ?? '', 'http://x').searchParams.get('saved'));
        expect((await getFollowup(ctx, people.alice.actor, id)).nextAt).toBe(expected);
      }
    });

    it('suggests the note date as the user types (the fragment for JavaScript), in the user language', async () => {
      const en = await as.alice.get(
        '/followups/next-date?note=call%20back%20on%20Monday&doneAt=2026-11-26T10:00',
      );
      expect(textOf(en.html)).toContain('The note says “on Monday”: Monday 30 November.');
      expect(en.html).toContain('data-use-date="2026-11-30"');
      const fr = await as.alice.get(
        `/followups/next-date?lang=fr&note=${encodeURIComponent('À rappeler dans 2 semaines')}`,
      );
      expect(textOf(fr.html)).toContain('La note dit « dans 2 semaines » : jeudi 10 décembre.');
      expect((await as.alice.get('/followups/next-date?note=rien')).html).toBe('');
    });

    it('keeps what was typed and says what is wrong next to the field, in the user language', async () => {
      const fields = {
        orderRef: 'CO-ZZZ',
        channel: 'email',
        note: 'Note <précieuse> à garder',
        doneAt: '2026-11-26T10:00',
        nextAt: '2026-11-01',
        preset: '',
        return: '/queue',
      };
      const en = await as.alice.post('/followups', fields);
      expect(en.status).toBe(422);
      expect(message(en.html, 'followup-order')).toBe('No order you can see has the ref “CO-ZZZ”.');
      expect(message(en.html, 'followup-next')).toBe(
        'The next follow-up date is before the date of this follow-up (2026-11-26).',
      );
      expect(noteValue(en.html)).toBe('Note <précieuse> à garder');
      expect(en.html).toContain('value="CO-ZZZ"');
      expect(en.html).toMatch(/<option value="email" selected/);
      expect(en.html).toContain('name="return" value="/queue"');
      expect(en.html).toContain('aria-invalid="true"');

      const fr = await as.alice.post('/followups?lang=fr', { ...fields, orderRef: 'CO-A1', doneAt: 'hier' });
      expect(fr.status).toBe(422);
      expect(message(fr.html, 'followup-date')).toBe('Date et heure invalides.');
      expect(message(fr.html, 'followup-order')).toBe('Tapez une réf. de commande ou un nom de client.');

      const noDate = await as.alice.post('/followups', {
        ...fields,
        orderRef: 'CO-A1',
        nextAt: '',
        preset: 'note',
      });
      expect(message(noDate.html, 'followup-next')).toBe('The note gives no date: choose one.');
      const tooLong = await as.alice.post('/followups', {
        ...fields,
        orderRef: 'CO-A1',
        nextAt: '',
        note: 'x'.repeat(10_001),
      });
      expect(message(tooLong.html, 'followup-note')).toBe(
        'The note is 10001 characters long; the maximum is 10,000.',
      );
    });

    it("does not let a salesperson record on another salesperson's order: the ref is unknown to them", async () => {
      const before = (await getOrder(ctx, people.bob.actor, b1.id)).followupCount;
      const res = await as.alice.post('/followups', { orderRef: 'CO-B1', channel: 'phone', note: 'x' });
      expect(res.status).toBe(422);
      expect(message(res.html, 'followup-order')).toBe('No order you can see has the ref “CO-B1”.');
      expect((await getOrder(ctx, people.bob.actor, b1.id)).followupCount).toBe(before);
    });

    it('refuses a missing or stale CSRF token without losing the note', async () => {
      const count = (await getOrder(ctx, people.alice.actor, a1.id)).followupCount;
      for (const csrf of ['', 'stale-token']) {
        const res = await as.alice.post(
          '/followups',
          { orderRef: 'CO-A1', channel: 'phone', note: 'Long compte rendu précieux', preset: '1w' },
          { csrf },
        );
        expect(res.status).toBe(403);
        expect(res.html).toContain('<title>Add a follow-up · Relance</title>');
        expect(textOf(res.html)).toContain('Your session form expired. Check your input and submit again.');
        expect(noteValue(res.html)).toBe('Long compte rendu précieux');
        expect(res.html).toMatch(/<input type="radio" name="preset" value="1w" checked/);
        // The page carries a fresh token, so submitting again works.
        expect(res.html).toContain(`name="_csrf" value="${as.alice.csrf}"`);
      }
      expect((await getOrder(ctx, people.alice.actor, a1.id)).followupCount).toBe(count);
    });

    it('refuses viewers (403) and records nothing', async () => {
      const count = (await getOrder(ctx, people.viewer.actor, a1.id)).followupCount;
      const res = await as.viewer.post('/followups', { orderRef: 'CO-A1', channel: 'phone', note: 'x' });
      expect(res.status).toBe(403);
      expect(textOf(res.html)).toContain('You are not allowed to do this.');
      expect((await as.viewer.get(`/followups/new?orderId=${a1.id}`)).status).toBe(403);
      expect((await getOrder(ctx, people.viewer.actor, a1.id)).followupCount).toBe(count);
    });

    it('only sends the user back to a path of this site', async () => {
      for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
        const res = await as.manager.post('/followups', {
          orderRef: 'CO-B1',
          channel: 'phone',
          note: '',
          return: evil,
        });
        expect(res.status).toBe(303);
        expect(res.location?.startsWith('/followups?saved=')).toBe(true);
        const list = await as.manager.get(`${res.location}&lang=en`);
        expect(textOf(list.html)).toContain('Follow-up recorded on CO-B1.');
      }
    });

    it('offers orders by ref prefix or customer name, only those the user may see, as JSON for the picker', async () => {
      const refs = async (v: Visitor, q: string) =>
        (
          (await JSON.parse((await v.get(`/followups/picker?q=${encodeURIComponent(q)}`)).html)) as {
            items: { ref: string; label: string }[];
          }
        ).items.map((i) => i.ref);
      expect(await refs(as.alice, 'co-a')).toEqual(['CO-A1', 'CO-A2', 'CO-A3']);
      expect(await refs(as.alice, 'CO-B')).toEqual([]);
      expect(await refs(as.alice, 'garage')).toEqual([]);
      expect(await refs(as.manager, 'garage')).toEqual(['CO-B1']);
      // By customer name: open orders first.
      expect(await refs(as.manager, 'boulangerie')).toEqual(['CO-A3', 'CO-A1', 'CO-A2']);
      expect(await refs(as.manager, 'co-a2')).toEqual(['CO-A2']);
      const body = JSON.parse((await as.manager.get('/followups/picker?q=CO-A2')).html);
      expect(body.items[0].label).toBe('CO-A2 · Boulangerie Alice (Delivered)');
      expect(await refs(as.manager, '%')).toEqual([]);
    });
  });

  describe('the standalone Add page and the card tabs', () => {
    it('fixes the order given, shows its context, and returns to the queue once saved', async () => {
      const page = await as.alice.get(`/followups/new?orderId=${a1.id}&return=%2Fqueue`);
      expect(page.status).toBe(200);
      expect(formLabels(page.html)).toEqual(EN_FIELDS);
      for (const who of ['admin', 'manager'] as const) {
        const fr = await as[who].get(`/followups/new?orderId=${a1.id}&lang=fr`);
        expect(formLabels(fr.html), who).toEqual(FR_FIELDS);
        expect(submitText(fr.html), who).toBe('Ajouter');
      }
      expect(page.html).toMatch(
        /<input id="followup-order" name="orderRef" value="CO-A1 · Boulangerie Alice" readonly/,
      );
      expect(page.html).toContain(`name="context" value="order:${a1.id}"`);
      expect(textOf(page.html)).toContain('Absent, rappeler');
      const res = await as.alice.post('/followups', {
        context: `order:${a1.id}`,
        orderId: String(b1.id), // a tampered hidden field is ignored: the context fixes the order
        channel: 'phone',
        note: 'Rappel fait',
        preset: '1w',
        return: '/queue',
      });
      expect(res.status).toBe(303);
      expect(res.location).toMatch(/^\/queue\?saved=\d+$/);
      expect((await getOrder(ctx, people.alice.actor, a1.id)).nextFollowupAt).toBe('2026-12-03');
      expect((await as.bob.get(`/followups/new?orderId=${a1.id}`)).status).toBe(404);
    });

    it("offers only the customer's orders, open first, on the customer card's tab, and refuses another order", async () => {
      const tab = await as.alice.get(`/customers/${aliceCo.id}/followups`);
      expect(tab.status).toBe(200);
      const select = /<select id="followup-order" name="orderId"[\s\S]*?<\/select>/.exec(tab.html)?.[0] ?? '';
      const offered = [...select.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));
      expect(offered).toEqual([a3.id, a1.id, a2.id]);
      expect(select).toContain('<optgroup label="Open orders">');
      expect(select).toContain('<optgroup label="Closed orders">');
      const res = await as.manager.post('/followups?lang=fr', {
        context: `customer:${aliceCo.id}`,
        orderId: String(b1.id),
        channel: 'phone',
        note: 'Mauvaise commande',
      });
      expect(res.status).toBe(422);
      expect(message(res.html, 'followup-order')).toBe('Choisissez une commande.');
      expect(noteValue(res.html)).toBe('Mauvaise commande');
    });

    it('offers a search limited to the customer when the customer has more orders than a list should hold', async () => {
      const big = await customer(ctx, 'Grossiste Géant', people.alice.user.id);
      for (let i = 0; i <= 300; i++) await order(ctx, `GG-${String(i).padStart(3, '0')}`, big.id);
      const tab = await as.alice.get(`/customers/${big.id}/followups`);
      expect(tab.html).not.toContain('<select id="followup-order"');
      expect(tab.html).toContain(`data-order-picker="/followups/picker?customerId=${big.id}"`);
      const picked = JSON.parse((await as.alice.get(`/followups/picker?customerId=${big.id}&q=co-a`)).html);
      expect(picked.items).toEqual([]);
      const other = await as.alice.post('/followups', {
        context: `customer:${big.id}`,
        orderRef: 'CO-A1',
        channel: 'phone',
        note: 'Pas ce client',
      });
      expect(other.status).toBe(422);
      expect(message(other.html, 'followup-order')).toBe('No order you can see has the ref “CO-A1”.');
      const ok = await as.alice.post('/followups', {
        context: `customer:${big.id}`,
        orderRef: 'gg-300',
        channel: 'phone',
        note: 'Bonne commande',
      });
      expect(ok.status).toBe(303);
    });

    it("shows the order card's tab with the order fixed, and no form for viewers", async () => {
      const tab = await as.manager.get(`/orders/${a1.id}/followups?lang=fr`);
      expect(tab.status).toBe(200);
      expect(tab.html).toContain(`name="context" value="order:${a1.id}"`);
      expect(headers(tab.html)).toEqual(expect.arrayContaining(FR_COLUMNS));
      expect(formLabels(tab.html)).toEqual(FR_FIELDS);
      const viewer = await as.viewer.get(`/orders/${a1.id}/followups`);
      expect(viewer.html).not.toContain('data-followup-form');
    });
  });

  describe('edit and delete', () => {
    it('lets the author edit, updates the order next date at once, and refuses others', async () => {
      const o = await order(ctx, 'CO-EDIT', aliceCo.id);
      const f = await createFollowup(ctx, people.alice.actor, {
        orderId: o.id,
        channel: 'phone',
        note: 'À modifier',
        doneAt: '2026-11-26T09:30:00+01:00',
        nextAt: '2026-12-01',
      });
      const form = await as.alice.get(`/followups/${f.id}/edit?return=%2Ffollowups`);
      expect(form.status).toBe(200);
      expect(textOf(form.html)).toContain('Edit follow-up');
      expect(form.html).toContain('value="CO-EDIT"');
      expect(form.html).toContain('value="2026-11-26T09:30"');
      expect(submitText(form.html)).toBe('Save');
      expect(formLabels(form.html)).toEqual(EN_FIELDS);
      const fr = await as.alice.get(`/followups/${f.id}/edit?lang=fr`);
      expect(formLabels(fr.html)).toEqual(FR_FIELDS);
      expect(submitText(fr.html)).toBe('Enregistrer');
      expect(textOf(fr.html)).toContain('Supprimer');
      const res = await as.alice.post(`/followups/${f.id}/edit`, {
        orderRef: 'CO-EDIT',
        channel: 'email',
        note: 'Modifiée',
        doneAt: '2026-11-26T09:30',
        nextAt: '2026-12-24',
        return: '/followups',
      });
      expect(res.status).toBe(303);
      expect(res.location).toBe(`/followups?updated=${f.id}`);
      const after = await getFollowup(ctx, people.alice.actor, f.id);
      expect(after).toMatchObject({ note: 'Modifiée', channel: 'email', nextAt: '2026-12-24' });
      expect(after.doneAt).toBe(f.doneAt);
      expect((await getOrder(ctx, people.alice.actor, o.id)).nextFollowupAt).toBe('2026-12-24');

      expect((await as.bob.get(`/followups/${f.id}/edit`)).status).toBe(404);
      expect((await as.viewer.get(`/followups/${f.id}/edit`)).status).toBe(403);
      expect((await as.viewer.post(`/followups/${f.id}/edit`, { channel: 'phone' })).status).toBe(403);
      const managers = await createFollowup(ctx, people.manager.actor, {
        orderId: o.id,
        channel: 'phone',
        note: 'M',
      });
      expect((await as.alice.get(`/followups/${managers.id}/edit`)).status).toBe(403);
      expect((await as.manager.get(`/followups/${f.id}/edit`)).status).toBe(200);
    });

    it('keeps the input when an edit is refused', async () => {
      const f = await createFollowup(ctx, people.alice.actor, {
        orderId: a1.id,
        channel: 'phone',
        note: 'Avant',
      });
      const res = await as.alice.post(`/followups/${f.id}/edit`, {
        orderRef: 'CO-A1',
        channel: 'phone',
        note: 'Après, mais date fausse',
        doneAt: '2026-11-26T10:00',
        nextAt: '2026-13-45',
      });
      expect(res.status).toBe(422);
      expect(res.html).toContain(`<title>Edit follow-up ${f.id} · Relance</title>`);
      expect(message(res.html, 'followup-next')).toBe('Not a valid date.');
      expect(noteValue(res.html)).toBe('Après, mais date fausse');
      expect((await getFollowup(ctx, people.alice.actor, f.id)).note).toBe('Avant');
    });

    it('deletes with the CSRF token only, and the order falls back to its previous next date', async () => {
      const o = await order(ctx, 'CO-DEL', aliceCo.id);
      await createFollowup(ctx, people.alice.actor, {
        orderId: o.id,
        channel: 'phone',
        note: 'Premier',
        doneAt: '2026-11-20T10:00:00+01:00',
        nextAt: '2026-11-30',
      });
      const latest = await createFollowup(ctx, people.alice.actor, {
        orderId: o.id,
        channel: 'phone',
        note: 'Second',
        nextAt: '2026-12-15',
      });
      const refused = await as.alice.post(
        `/followups/${latest.id}/delete`,
        { return: '/followups' },
        { csrf: '' },
      );
      expect(refused.status).toBe(403);
      // The edit page comes back, saying why nothing was deleted.
      expect(refused.html).toContain(`<title>Edit follow-up ${latest.id} · Relance</title>`);
      expect(textOf(refused.html)).toContain('Your session form expired. Check your input and submit again.');
      expect((await getOrder(ctx, people.alice.actor, o.id)).nextFollowupAt).toBe('2026-12-15');
      expect((await as.viewer.post(`/followups/${latest.id}/delete`, {})).status).toBe(403);
      const res = await as.alice.post(`/followups/${latest.id}/delete`, {
        return: '/followups?order=CO-DEL',
      });
      expect(res.status).toBe(303);
      expect(res.location).toBe(`/followups?order=CO-DEL&deleted=${latest.id}`);
      expect((await getOrder(ctx, people.alice.actor, o.id)).nextFollowupAt).toBe('2026-11-30');
      const list = await as.alice.get(res.location ?? '');
      expect(idsOf(list.html)).toHaveLength(1);
      expect(textOf(list.html)).toContain(`Follow-up ${latest.id} deleted.`);
    });
  });
});
