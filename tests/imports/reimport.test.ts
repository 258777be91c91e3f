// Importing again is safe: the same file changes nothing, a corrected file changes only what it corrects,
// under the same rules as an edit in the app (order closed, follow-ups moving with their order's customer).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditOf } from '../../src/modules/audit/audit.repository.ts';
import { deleteFollowup, listFollowups } from '../../src/modules/followups/followup.service.ts';
import { importCsv } from '../../src/modules/imports/import.service.ts';
import { summary } from '../../src/modules/imports/import-report.ts';
import { listOrders } from '../../src/modules/orders/order.service.ts';
import { type Person, person } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`, 'utf8');

describeEachDialect('importing again', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;

  const customers = csv(
    'Code client;Raison sociale;Ville;Commercial',
    'CL1;Boulangerie Lefèvre;Évreux;alice',
    'CL2;Garage Müller;Strasbourg;alice',
  );
  const orders = csv(
    'Réf.;Code client;Statut;Montant HT;Date commande',
    'CO-1;CL1;Validée;1 000,00;01/11/2026',
    'CO-2;CL1;Validée;250;02/11/2026',
  );
  const followups = csv(
    'Commande;Canal;Note;Date;Date de prochaine relance;Utilisateur',
    'CO-1;Téléphone;Rappeler;20/11/2026 10:00;25/11/2026;alice',
    'CO-2;E-mail;Devis envoyé;21/11/2026 10:00;27/11/2026;alice',
  );

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    clock = testClock('2026-11-26T09:00:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    manager = await person(ctx, 'manon', 'manager');
    await person(ctx, 'alice', 'sales', 'Alice Vendeuse');
  });
  afterAll(async () => db?.drop());

  it('creates on the first import and changes nothing on the second', async () => {
    for (const [kind, file] of [
      ['customers', customers],
      ['orders', orders],
      ['followups', followups],
    ] as const) {
      expect(summary(await importCsv(ctx, manager.actor, kind, file))).toBe(
        '2 created, 0 updated, 0 unchanged',
      );
      clock.set('2026-11-26T10:00:00Z');
      expect(summary(await importCsv(ctx, manager.actor, kind, file))).toBe(
        '0 created, 0 updated, 2 unchanged',
      );
    }
    // Created at 10:00 by the first orders import, untouched by the second one at the same time or later.
    clock.set('2026-11-26T11:00:00Z');
    expect(summary(await importCsv(ctx, manager.actor, 'orders', orders))).toBe(
      '0 created, 0 updated, 2 unchanged',
    );
    const o = (await listOrders(ctx, manager.actor, { limit: 50, sort: 'ref' })).items;
    expect(o.map((x) => [x.ref, x.nextFollowupAt, x.followupCount, x.updatedAt])).toEqual([
      ['CO-1', '2026-11-25', 1, '2026-11-26T10:00:00.000Z'],
      ['CO-2', '2026-11-27', 1, '2026-11-26T10:00:00.000Z'],
    ]);
  });

  it('updates only the lines that changed, records it in the audit trail, and applies the order rules', async () => {
    const corrected = csv(
      'Réf.;Code client;Statut;Montant HT;Date commande',
      'CO-1;CL1;Validée;1 000,00;01/11/2026',
      'CO-2;CL2;Livrée;250;02/11/2026',
    );
    const report = await importCsv(ctx, manager.actor, 'orders', corrected);
    expect(summary(report)).toBe('0 created, 1 updated, 1 unchanged');
    // Delivered: no longer due. Moved to CL2: its follow-ups follow it.
    const due = await listOrders(ctx, manager.actor, { limit: 50, due: 'due' });
    expect(due.items.map((x) => x.ref)).toEqual(['CO-1']);
    const moved = await listFollowups(ctx, manager.actor, { limit: 50, q: 'Devis envoyé' });
    expect(moved.items.map((f) => f.customerName)).toEqual(['Garage Müller']);
    const co2 = (await listOrders(ctx, manager.actor, { limit: 1, q: 'CO-2' })).items[0]!;
    const trail = await auditOf(db.database.db, 'order', co2.id);
    expect(trail.map((t) => [t.action, t.userId])).toEqual([
      ['create', manager.user.id],
      ['update', manager.user.id],
    ]);
    expect(trail[1]?.after).toMatchObject({ status: 'delivered', is_open: 0 });
  });

  it('updates a follow-up found by order, date and user, and refreshes the order', async () => {
    const changed = csv(
      'Commande;Canal;Note;Date;Date de prochaine relance;Utilisateur',
      'CO-1;Téléphone;Rappeler mardi;20/11/2026 10:00;01/12/2026;alice',
      'CO-2;E-mail;Devis envoyé;21/11/2026 10:00;27/11/2026;alice',
    );
    expect(summary(await importCsv(ctx, manager.actor, 'followups', changed))).toBe(
      '0 created, 1 updated, 1 unchanged',
    );
    const o = (await listOrders(ctx, manager.actor, { limit: 1, q: 'CO-1' })).items[0];
    expect([o?.nextFollowupAt, o?.followupCount]).toEqual(['2026-12-01', 1]);
  });

  it('does not bring back a follow-up deleted in Relance', async () => {
    const f = (await listFollowups(ctx, manager.actor, { limit: 1, q: 'Devis envoyé' })).items[0]!;
    await deleteFollowup(ctx, manager.actor, f.id);
    expect(summary(await importCsv(ctx, manager.actor, 'followups', followups))).toBe(
      '0 created, 1 updated, 1 unchanged',
    );
    expect((await listFollowups(ctx, manager.actor, { limit: 50, q: 'Devis envoyé' })).items).toEqual([]);
  });

  it('keeps columns a file does not have, and finds a customer by name when the file has no codes', async () => {
    const byName = csv('Nom;E-mail', 'Boulangerie Lefèvre;contact@lefevre.fr', 'Nouveau client;');
    expect(summary(await importCsv(ctx, manager.actor, 'customers', byName))).toBe(
      '1 created, 1 updated, 0 unchanged',
    );
    expect(summary(await importCsv(ctx, manager.actor, 'customers', customers))).toBe(
      '0 created, 0 updated, 2 unchanged',
    );
    const orderByName = csv('Réf.;Client;Montant HT', 'CO-3;Nouveau client;12,50');
    expect(summary(await importCsv(ctx, manager.actor, 'orders', orderByName))).toBe(
      '1 created, 0 updated, 0 unchanged',
    );
    const o = (await listOrders(ctx, manager.actor, { limit: 1, q: 'CO-3' })).items[0];
    expect([o?.customerName, o?.totalExclTax, o?.status, o?.currency]).toEqual([
      'Nouveau client',
      '12.50',
      'draft',
      'EUR',
    ]);
  });

  it('matches by external id when the ref changed in the other system', async () => {
    const first = csv('Réf.;Code client;Id externe', 'OLD-1;CL1;ERP-77');
    expect(summary(await importCsv(ctx, manager.actor, 'orders', first, { source: 'erp' }))).toBe(
      '1 created, 0 updated, 0 unchanged',
    );
    const renamed = csv('Réf.;Code client;Id externe', 'NEW-1;CL1;ERP-77');
    expect(summary(await importCsv(ctx, manager.actor, 'orders', renamed, { source: 'erp' }))).toBe(
      '0 created, 1 updated, 0 unchanged',
    );
    const found = await listOrders(ctx, manager.actor, { limit: 5, q: '-1' });
    expect(found.items.map((x) => [x.ref, x.externalId])).toContainEqual(['NEW-1', 'ERP-77']);
    expect(found.items.map((x) => x.ref)).not.toContain('OLD-1');
  });
});
