// `relance import` as a user types it: exit code 0 with the counts, 1 with every rejected line and a
// one-line summary (nothing written), 2 for a usage mistake.
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.ts';
import { relance } from './run-relance.ts';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'csv', name);

describe('relance import (command line)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    const ctx = testContext(db, testClock('2026-11-26T09:00:00Z'));
    await person(ctx, 'alice', 'sales');
    await person(ctx, 'bob', 'sales');
  });
  afterAll(async () => db?.drop());

  it('imports a French Excel file, prints the counts and exits 0; the second time nothing changes', async () => {
    const first = await relance(db.url, ['import', 'customers', fixture('clients-excel-fr.csv')]);
    expect(first).toEqual({
      code: 0,
      stdout: 'customers: 4 created, 0 updated, 0 unchanged (4 lines, windows-1252, ";").\n',
      stderr: '',
    });
    const again = await relance(db.url, ['import', 'customers', fixture('clients-excel-fr.csv')]);
    expect(again.stdout).toBe('customers: 0 created, 0 updated, 4 unchanged (4 lines, windows-1252, ";").\n');
  });

  it('exits 1 listing every rejected line, then one line saying nothing was imported', async () => {
    const run = await relance(db.url, ['import', 'orders', fixture('relances-excel-fr.csv')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual([
      expect.stringMatching(
        /^line 1, column "Commande": Unknown column "Commande"; the columns of a orders file are /,
      ),
      expect.stringMatching(/^line 1, column "Canal": Unknown column "Canal"/),
      expect.stringMatching(/^line 1, column "Note": Unknown column "Note"/),
      expect.stringMatching(/^line 1, column "Date de prochaine relance": Unknown column/),
      expect.stringMatching(/^line 1, column "Utilisateur": Unknown column/),
      expect.stringMatching(/^line 1, column "Résultat": Unknown column/),
      'line 1, column "Réf": Required column "Réf" (or "ref") is missing',
    ]);
    expect(lines.at(-1)).toMatch(
      /^relance: .*relances-excel-fr\.csv: 7 problems found; nothing was imported$/,
    );
  });

  it('exits 2 for an unknown kind or a missing file argument, and 1 for a file that does not exist', async () => {
    const kind = await relance(db.url, ['import', 'invoices', fixture('clients-excel-fr.csv')]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain("is invalid for argument 'kind'");
    expect((await relance(db.url, ['import', 'orders'])).code).toBe(2);
    const missing = await relance(db.url, ['import', 'orders', 'no-such-file.csv']);
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: 'relance: Cannot read no-such-file.csv: no such file\n',
    });
  });

  it('puts the imported notes in the search index before it exits, as no server may be running', async () => {
    for (const [kind, file] of [
      ['customers', 'clients-excel-fr.csv'],
      ['orders', 'commandes-excel-fr.csv'],
      ['followups', 'relances-excel-fr.csv'],
    ] as const)
      expect((await relance(db.url, ['import', kind, fixture(file)])).code, kind).toBe(0);
    const ids = async (q: string) =>
      (await sql.raw<{ id: number }>(q).execute(db.database.db)).rows.map((r) => Number(r.id));
    const imported = await ids('select id from followups order by id');
    expect(imported.length).toBeGreaterThan(0);
    expect(await ids('select id from followups_fts_pending')).toEqual([]);
    expect(await ids('select id from followups_fts_docsize order by id')).toEqual(imported);
  });
});
