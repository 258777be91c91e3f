// A file with mistakes is refused as a whole: every bad line is named with its column and reason, and
// nothing is written — not even the good lines.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importCsv } from '../../src/modules/imports/import.service.ts';
import { describeRejection } from '../../src/modules/imports/import-report.ts';
import { customer, order, type Person, person } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

const csv = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');

describeEachDialect('a malformed file', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  let alice: Person;

  const counts = async () => {
    const n = async (table: 'customers' | 'orders' | 'followups' | 'audit_log') =>
      Number(
        (
          await db.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      customers: await n('customers'),
      orders: await n('orders'),
      followups: await n('followups'),
      audit: await n('audit_log'),
    };
  };

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    clock = testClock('2026-11-26T09:00:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    manager = await person(ctx, 'manon', 'manager');
    alice = await person(ctx, 'alice', 'sales');
    const c = await customer(ctx, 'Boulangerie Lefèvre', alice.user.id);
    await db.database.db.updateTable('customers').set({ code: 'CL0001' }).where('id', '=', c.id).execute();
    await order(ctx, 'CO-1', c.id);
  });
  afterAll(async () => db?.drop());

  it('names line 7 and the "Date commande" column for a bad date, and writes none of the good lines', async () => {
    const before = await counts();
    const report = await importCsv(
      ctx,
      manager.actor,
      'orders',
      csv(
        'Réf.;Code client;Date commande;Montant HT',
        'CO-10;CL0001;01/11/2026;100,00',
        'CO-11;CL0001;02/11/2026;100,00',
        'CO-12;CL0001;03/11/2026;100,00',
        'CO-13;CL0001;04/11/2026;100,00',
        'CO-14;CL0001;05/11/2026;100,00',
        'CO-15;CL0001;31/11/2026;100,00',
        'CO-16;CL0001;07/11/2026;100,00',
      ),
    );
    expect(report.rejected).toEqual([
      {
        line: 7,
        column: 'Date commande',
        code: 'bad_date',
        message: '"31/11/2026" is not a date; write dd/mm/yyyy or yyyy-mm-dd',
        params: { value: '31/11/2026' },
      },
    ]);
    expect(report.created + report.updated + report.unchanged).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('reports every bad line of a file, each with its column and reason', async () => {
    const report = await importCsv(
      ctx,
      manager.actor,
      'orders',
      csv(
        'Réf.;Code client;Statut;Date commande;Montant HT;Devise',
        'CO-20;CL0001;Validée;01/11/2026;1 234,56;EUR',
        'CO-21;CL9999;Validée;01/11/2026;10;EUR',
        'CO-22;CL0001;Expédiée;01/11/2026;10;EUR',
        'CO-23;CL0001;Validée;01/11/2026;douze;EUR',
        'CO-24;CL0001;Validée;01/11/2026;10,123;EUR',
        'CO-25;CL0001;Validée;01/11/2026;10;euros',
        ';CL0001;Validée;01/11/2026;10;EUR',
        'CO-20;CL0001;Validée;01/11/2026;10;EUR',
      ),
    );
    expect(report.rejected.map((r) => [r.line, r.column, r.code])).toEqual([
      [3, 'Code client', 'unknown_customer'],
      [4, 'Statut', 'bad_value'],
      [5, 'Montant HT', 'bad_number'],
      [6, 'Montant HT', 'invalid'],
      [7, 'Devise', 'invalid'],
      [8, 'Réf.', 'required'],
      [9, '', 'duplicate_line'],
    ]);
    expect(report.rejected.map(describeRejection)).toContain(
      'line 3, column "Code client": No customer has the code "CL9999"',
    );
    expect(describeRejection(report.rejected[5]!)).toBe(
      'line 8, column "Réf.": This cell is empty but required',
    );
  });

  it('refuses a file without a required column or with an unknown one, at line 1', async () => {
    const missing = await importCsv(ctx, manager.actor, 'orders', csv('Code client;Montant HT', 'CL0001;10'));
    expect(missing.rejected.map((r) => [r.line, r.column, r.code])).toEqual([[1, 'Réf', 'missing_column']]);
    const unknown = await importCsv(
      ctx,
      manager.actor,
      'orders',
      csv('Réf.;Code client;Remise;Montant HT', 'CO-30;CL0001;5 %;10'),
    );
    expect(unknown.rejected).toHaveLength(1);
    expect(unknown.rejected[0]).toMatchObject({ line: 1, column: 'Remise', code: 'unknown_header' });
    expect(unknown.rejected[0]?.message).toMatch(
      /^Unknown column "Remise"; the columns of a orders file are/,
    );
  });

  it("applies the API's follow-up rules: known order, next date not before the day done, note length, active users", async () => {
    const bob = await person(ctx, 'bob', 'sales');
    // Bob has left the company: his account is deactivated.
    await db.database.db.updateTable('users').set({ active: 0 }).where('id', '=', bob.user.id).execute();
    const before = await counts();
    const report = await importCsv(
      ctx,
      manager.actor,
      'followups',
      csv(
        'Commande;Canal;Note;Date;Date de prochaine relance;Utilisateur',
        'CO-1;Téléphone;OK;20/11/2026 10:00;01/12/2026;alice',
        'CO-404;Téléphone;Inconnue;20/11/2026 10:00;01/12/2026;alice',
        'CO-1;Téléphone;Trop tôt;20/11/2026 10:00;19/11/2026;alice',
        `CO-1;Téléphone;${'x'.repeat(10_001)};20/11/2026 10:00;;alice`,
        'CO-1;Téléphone;Parti;20/11/2026 11:00;;bob',
        'CO-1;Téléphone;Qui ?;20/11/2026 12:00;;zoe',
        'CO-1;Pigeon voyageur;;20/11/2026 13:00;;alice',
        'CO-1;Téléphone;;hier;;alice',
      ),
    );
    expect(report.rejected.map((r) => [r.line, r.column, r.code])).toEqual([
      [3, 'Commande', 'unknown_order'],
      [4, 'Date de prochaine relance', 'next_before_done'],
      [5, 'Note', 'note_too_long'],
      [6, 'Utilisateur', 'inactive_user'],
      [7, 'Utilisateur', 'unknown_user'],
      [8, 'Canal', 'bad_value'],
      [9, 'Date', 'bad_datetime'],
    ]);
    // The messages are the API's own.
    expect(report.rejected[1]?.message).toBe(
      'The next follow-up date (2026-11-19) is before the day it was done (2026-11-20)',
    );
    expect(report.rejected[2]?.message).toBe('The note is 10001 characters long; the maximum is 10000');
    expect(report.rejected[3]?.message).toBe('User bob is deactivated');
    expect(await counts()).toEqual(before);
  });

  it('needs to know who made each follow-up when run from the command line', async () => {
    const report = await importCsv(ctx, null, 'followups', csv('Commande;Date', 'CO-1;20/11/2026'));
    expect(report.rejected.map((r) => [r.line, r.column, r.code])).toEqual([[2, 'user', 'required']]);
    const asManager = await importCsv(
      ctx,
      manager.actor,
      'followups',
      csv('Commande;Date', 'CO-1;20/11/2026'),
    );
    expect(asManager).toMatchObject({ created: 1, rejected: [] });
  });

  it('names the line of a broken quote, and of a line with more cells than the header', async () => {
    const quote = await importCsv(ctx, manager.actor, 'customers', csv('Nom;Ville', 'A;Paris', '"B;Lyon'));
    expect(quote.rejected).toHaveLength(1);
    expect(quote.rejected[0]).toMatchObject({ line: 3, code: 'csv_syntax' });
    const wide = await importCsv(
      ctx,
      manager.actor,
      'customers',
      csv('Nom;Ville', 'A;Paris', 'B;Lyon;69000'),
    );
    expect(wide.rejected.map((r) => [r.line, r.code])).toEqual([[3, 'too_many_cells']]);
    const empty = await importCsv(ctx, manager.actor, 'customers', Buffer.from(''));
    expect(empty.rejected.map((r) => r.code)).toEqual(['empty_file']);
  });

  it('lets only roles that may write the records import them', async () => {
    await expect(importCsv(ctx, alice.actor, 'orders', csv('Réf.', 'X'))).rejects.toMatchObject({
      code: 'forbidden',
    });
    // A salesperson may record follow-ups, but not for others: a file of them is a manager's job.
    await expect(
      importCsv(ctx, alice.actor, 'followups', csv('Commande;Date', 'CO-1;20/11/2026')),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
