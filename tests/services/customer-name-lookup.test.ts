// A person types a customer's name as it is written, in any case, accents included ("école dupont" or
// "ÉCOLE DUPONT" for "École Dupont"): the forms without a select and the list filters find that customer,
// even when many more customers contain the text, within the person's own customers, and still after the
// customer is renamed in the app, by a CSV import or by the Dolibarr sync.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as folded from '../../src/db/migrations/2026-12-05T1100-customer-folded-name.ts';
import {
  customerOfFilter,
  findCustomerByText,
  updateCustomer,
} from '../../src/modules/customers/customer.service.ts';
import { syncDolibarr } from '../../src/modules/dolibarr/dolibarr.service.ts';
import { importCsv } from '../../src/modules/imports/import.service.ts';
import { summary } from '../../src/modules/imports/import-report.ts';
import { FakeDolibarr } from '../dolibarr/fake-dolibarr.ts';
import { customerByExternalId, options } from '../dolibarr/helpers.ts';
import { customer, type Person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`, 'utf8');

describeEachDialect('a customer designated by its name typed in any case', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  let alice: Person;
  let bob: Person;
  let ecole: { id: number };

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T17:00:00Z', 'Europe/Paris'));
    ({ manager, alice, bob } = await team(ctx, 'manager', 'alice', 'bob'));
    // Alice's 25 customers whose names contain "École Dupont" and sort before it, then "École Dupont" itself;
    // Bob's 21 such customers, none of them named so.
    const nn = (i: number) => String(i).padStart(2, '0');
    for (let i = 0; i < 25; i++) await customer(ctx, `Cantine École Dupont ${nn(i)}`, alice.user.id);
    for (let i = 0; i < 21; i++) await customer(ctx, `Annexe École Dupont ${nn(i)}`, bob.user.id);
    ecole = await customer(ctx, 'École Dupont', alice.user.id);
  });
  afterAll(async () => db?.drop());

  const typed = async (who: Person, text: string) =>
    (await findCustomerByText(ctx, who.actor, text))?.id ?? null;
  const filtered = async (who: Person, text: string) => {
    const found = await customerOfFilter(ctx, who.actor, text);
    return typeof found === 'string' ? found : found.id;
  };

  it('finds "École Dupont" typed as written, in lower case or in capitals, in a form', async () => {
    for (const text of ['École Dupont', 'école dupont', 'ÉCOLE DUPONT', 'écOLE dUPONT'])
      for (const who of [manager, alice])
        expect(await typed(who, text), `${who.user.login}: ${text}`).toBe(ecole.id);
  });

  it('finds it in a list filter beyond the first 20 customers that contain the text', async () => {
    for (const text of ['École Dupont', 'école dupont', 'ÉCOLE DUPONT']) {
      expect(await filtered(manager, text), text).toBe(ecole.id);
      expect(await filtered(alice, text), text).toBe(ecole.id);
    }
    // A name that only contains the text is not "named so".
    expect(await filtered(manager, 'école dupon')).toBe('many');
  });

  it("keeps to the salesperson's own customers", async () => {
    expect(await typed(bob, 'école dupont')).toBeNull();
    // More than 20 of Bob's customers contain the text, and none of his is named so: Alice's is not his.
    expect(await filtered(bob, 'ÉCOLE DUPONT')).toBe('many');
  });

  it('follows a rename in the app', async () => {
    await updateCustomer(ctx, manager.actor, ecole.id, { name: 'ÉCOLE DUPONT-LEFÈVRE' });
    expect(await typed(manager, 'école dupont')).toBeNull();
    expect(await typed(manager, 'École Dupont-Lefèvre')).toBe(ecole.id);
    expect(await typed(alice, 'école dupont-lefèvre')).toBe(ecole.id);
    // Back to its name, in capitals this time: the filter finds it beyond the first 20, typed in lower case.
    await updateCustomer(ctx, manager.actor, ecole.id, { name: 'ÉCOLE DUPONT' });
    expect(await filtered(manager, 'École Dupont')).toBe(ecole.id);
    expect(await typed(manager, 'école dupont')).toBe(ecole.id);
    expect(await typed(manager, 'école dupont-lefèvre')).toBeNull();
  });

  it('follows a CSV import that creates, then renames, a customer', async () => {
    // The customer and 21 others whose names contain its new name and sort before it.
    const file = (name: string) =>
      csv(
        'Code client;Raison sociale;Ville',
        `CL-EMZ;${name};Évreux`,
        ...Array.from({ length: 21 }, (_, i) => `CL-AN${i};Annexe ÉTS ÉMILE ZOLA ${i};Évreux`),
      );
    expect(summary(await importCsv(ctx, manager.actor, 'customers', file('Lycée Émile Zola')))).toBe(
      '22 created, 0 updated, 0 unchanged',
    );
    const created = await typed(manager, 'LYCÉE ÉMILE ZOLA');
    expect(created).not.toBeNull();
    expect(summary(await importCsv(ctx, manager.actor, 'customers', file('ÉTS ÉMILE ZOLA')))).toBe(
      '0 created, 1 updated, 21 unchanged',
    );
    expect(await typed(manager, 'lycée émile zola')).toBeNull();
    expect(await typed(manager, 'éts émile zola')).toBe(created);
    expect(await filtered(manager, 'Éts Émile Zola')).toBe(created);
  });

  it('follows the Dolibarr sync that brings, then renames, a third party', async () => {
    const fake = await new FakeDolibarr().start();
    try {
      // Third party 2, and 21 others whose names contain its new name and sort before it.
      fake.editThirdParty('2', { name: 'ÉTABLISSEMENTS DUPONT' });
      const model = fake.thirdparties.get('2') ?? { id: '2' };
      for (let i = 0; i < 21; i++)
        fake.putThirdParty({
          ...model,
          id: String(200 + i),
          name: `Annexe ÉLECTRICITÉ DUPONT ${i}`,
          code_client: `AN-${i}`,
          email: `an${i}@example.test`,
        });
      await syncDolibarr(ctx, options(fake));
      const synced = await customerByExternalId(ctx, '2');
      expect(await typed(manager, 'établissements dupont')).toBe(synced.id);
      fake.editThirdParty('2', { name: 'ÉLECTRICITÉ DUPONT' });
      const report = await syncDolibarr(ctx, options(fake));
      expect(report.thirdparties.updated).toBe(1);
      expect(await typed(manager, 'établissements dupont')).toBeNull();
      expect(await typed(manager, 'électricité dupont')).toBe(synced.id);
      expect(await filtered(manager, 'Électricité Dupont')).toBe(synced.id);
    } finally {
      await fake.stop();
    }
  });
});

describeEachDialect('customers already there when the name key arrives', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T17:00:00Z', 'Europe/Paris'));
    ({ manager } = await team(ctx, 'manager'));
  });
  afterAll(async () => db?.drop());

  it('are found by their name in any case once the migration has filled the key, batch after batch', async () => {
    const raw = ctx.database.db;
    // A migration sees the database untyped, as it was when it was written.
    const untyped = raw as unknown as Kysely<unknown>;
    await folded.down(untyped);
    // Written as an older version did (no key), more than two batches of them.
    const at = '2026-11-01T00:00:00.000Z';
    const names = Array.from({ length: 1100 }, (_, i) => `Société Générale ${i}`);
    names.push('ÉTS MARTIN');
    for (let i = 0; i < names.length; i += 200)
      await raw
        .insertInto('customers')
        .values(
          names
            .slice(i, i + 200)
            .map((name) => ({ name, kind: 'customer' as const, created_at: at, updated_at: at })),
        )
        .execute();
    await folded.up(untyped);
    expect(await typed(manager, 'éts martin')).not.toBeNull();
    expect(await typed(manager, 'SOCIÉTÉ GÉNÉRALE 0')).not.toBeNull();
    expect(await typed(manager, 'société générale 1099')).not.toBeNull();
    const missing = await raw.selectFrom('customers').select('id').where('name_folded', 'is', null).execute();
    expect(missing).toEqual([]);
  });

  const typed = async (who: Person, text: string) =>
    (await findCustomerByText(ctx, who.actor, text))?.id ?? null;
});
