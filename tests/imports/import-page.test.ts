// /admin/import: an administrator uploads a spreadsheet and reads the report in French or English; a file
// with mistakes lists every line to fix and writes nothing; other roles are refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { AppContext } from '../../src/context.ts';
import { listCustomers } from '../../src/modules/customers/customer.service.ts';
import { type Person, person } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { elements, logIn, textOf, type Visitor } from '../web/pages-session.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'csv', name));

describeEachDialect('the import page', (dialect) => {
  let db: TestDatabase;
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  let admin: Person;
  let as: Record<'admin' | 'manager', Visitor>;

  async function upload(
    who: 'admin' | 'manager',
    kind: string,
    name: string,
    bytes: Uint8Array,
    opts: { csrf?: string; lang?: string } = {},
  ) {
    const form = new FormData();
    form.set('_csrf', opts.csrf ?? as[who].csrf);
    form.set('kind', kind);
    form.set('file', new File([new Uint8Array(bytes)], name, { type: 'text/csv' }));
    const res = await app.request(`/admin/import${opts.lang ? `?lang=${opts.lang}` : ''}`, {
      method: 'POST',
      headers: { cookie: as[who].cookie },
      body: form,
    });
    return { status: res.status, html: await res.text() };
  }

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    app = createApp(ctx);
    admin = await person(ctx, 'ada', 'admin', 'Ada Admin');
    await person(ctx, 'manon', 'manager');
    await person(ctx, 'alice', 'sales');
    await person(ctx, 'bob', 'sales');
    as = { admin: await logIn(app, 'ada'), manager: await logIn(app, 'manon') };
  });
  afterAll(async () => db?.drop());

  it('shows the upload form in English and in French', async () => {
    const en = await as.admin.get('/admin/import');
    expect(en.status).toBe(200);
    expect(textOf(en.html)).toContain('Import a CSV file');
    expect(en.html).toContain('enctype="multipart/form-data"');
    expect(en.html).toContain('<input type="file" name="file"');
    expect(textOf(en.html)).toContain('What the file holds');
    const fr = await as.admin.get('/admin/import?lang=fr');
    expect(textOf(fr.html)).toContain('Importer un fichier CSV');
    expect(textOf(fr.html)).toContain('Contenu du fichier');
    expect(textOf(fr.html)).toContain('Raison sociale');
  });

  it('imports an Excel file and says how many records were created, then unchanged', async () => {
    const first = await upload('admin', 'customers', 'clients.csv', fixture('clients-excel-fr.csv'), {
      lang: 'fr',
    });
    expect(first.status).toBe(200);
    expect(textOf(first.html)).toContain('Import terminé');
    expect(textOf(first.html)).toContain('4 créés, 0 mis à jour, 0 inchangés.');
    expect(textOf(first.html)).toContain('4 lignes lues, windows-1252, colonnes séparées par « ; »');
    const again = await upload('admin', 'customers', 'clients.csv', fixture('clients-excel-fr.csv'), {
      lang: 'en',
    });
    expect(textOf(again.html)).toContain('0 created, 0 updated, 4 unchanged.');
    const customers = await listCustomers(ctx, admin.actor, { limit: 50 });
    expect(customers.items).toHaveLength(4);
  });

  it("lists every rejected line with its column and reason, in the reader's language, and writes nothing", async () => {
    const bad = Buffer.from(
      [
        'Réf.;Code client;Date commande;Montant HT',
        'CO-1;CL0001;01/11/2026;10',
        'CO-2;CL0001;31/11/2026;10',
        'CO-3;CL9999;01/11/2026;dix',
      ].join('\r\n'),
    );
    const fr = await upload('admin', 'orders', 'commandes.csv', bad, { lang: 'fr' });
    expect(fr.status).toBe(422);
    expect(textOf(fr.html)).toContain('Rien n’a été importé : 3 problème(s) à corriger');
    const rows = elements(fr.html, 'tr')
      .slice(1)
      .map((r) => elements(r, 'td').map(textOf));
    expect(rows).toEqual([
      ['3', 'Date commande', '« 31/11/2026 » n’est pas une date : écrivez jj/mm/aaaa ou aaaa-mm-jj.'],
      ['4', 'Code client', 'Aucun client n’a le code ou le nom « CL9999 ».'],
      ['4', 'Montant HT', '« dix » n’est pas un montant : écrivez 1234,56 ou 1 234,56.'],
    ]);
    const en = await upload('admin', 'orders', 'orders.csv', bad, { lang: 'en' });
    expect(textOf(en.html)).toContain('Nothing was imported: 3 problem(s) to fix');
    expect(textOf(en.html)).toContain('“31/11/2026” is not a date: write dd/mm/yyyy or yyyy-mm-dd.');
    const count = await db.database.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('asks for a file, checks the form token, and is for administrators only', async () => {
    const none = await upload('admin', 'orders', 'empty.csv', new Uint8Array(), { lang: 'en' });
    expect(none.status).toBe(400);
    expect(textOf(none.html)).toContain('Choose a CSV file.');
    const forged = await upload('admin', 'customers', 'c.csv', fixture('clients-excel-fr.csv'), {
      csrf: 'forged',
    });
    expect(forged.status).toBe(400);
    expect((await as.manager.get('/admin/import')).status).toBe(403);
    const refused = await upload('manager', 'customers', 'c.csv', Buffer.from('Nom\nIntrus\n'));
    expect(refused.status).toBe(403);
    const customers = await listCustomers(ctx, admin.actor, { limit: 50, q: 'Intrus' });
    expect(customers.items).toEqual([]);
  });
});
