// `relance export` as a user types it: the CSV on stdout (or in --output FILE), exit 0; a filter the list
// refuses is a usage error, exit 2; an unknown --as user is a failure, exit 1.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowup } from '../../src/modules/followups/followup.service.ts';
import { seedBulk } from '../../src/modules/seed/bulk-seed.ts';
import { relance } from '../imports/run-relance.ts';
import { customer, order, person } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, type TestDatabase, TMP_DIR } from '../setup/test-database.ts';

describe('relance export (command line)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    const ctx = testContext(db, testClock('2026-11-26T09:00:00Z'));
    const alice = await person(ctx, 'alice', 'sales', 'Alice Vendeuse');
    const bob = await person(ctx, 'bob', 'sales', 'Bob Vendeur');
    const ca = await customer(ctx, 'Boulangerie Lefèvre', alice.user.id);
    const cb = await customer(ctx, 'Garage Bob', bob.user.id);
    for (const [ref, c, who, note] of [
      ['CO-1', ca, alice, '@SUM(A1:A9)'],
      ['CO-2', cb, bob, 'Rappeler lundi'],
    ] as const) {
      const o = await order(ctx, ref, c.id);
      await createFollowup(ctx, who.actor, {
        orderId: o.id,
        channel: 'email',
        note,
        doneAt: '2026-11-20T10:00:00+01:00',
      });
    }
  });
  afterAll(async () => db?.drop());

  it('writes the follow-ups as a French CSV on stdout, with the filters of the list', async () => {
    const run = await relance(db.url, ['export', 'followups', '--sort', 'orderRef']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\r\n');
    expect(lines[0]).toBe(
      '\ufeffId;Client;Commande;Canal;Résultat;Note;Utilisateur;Date;Date de prochaine relance;Assigné à',
    );
    expect(lines.slice(1, -1).map((l) => l.split(';').slice(1, 8))).toEqual([
      ['Boulangerie Lefèvre', 'CO-1', 'E-mail', '', "'@SUM(A1:A9)", 'Alice Vendeuse', '20/11/2026 10:00'],
      ['Garage Bob', 'CO-2', 'E-mail', '', 'Rappeler lundi', 'Bob Vendeur', '20/11/2026 10:00'],
    ]);
    const mine = await relance(db.url, ['export', 'orders', '--format', 'json', '--as', 'bob']);
    expect((JSON.parse(mine.stdout) as { ref: string }[]).map((o) => o.ref)).toEqual(['CO-2']);
  });

  it('writes to --output only once the export is complete', async () => {
    const file = join(TMP_DIR, `export-${process.pid}.csv`);
    const run = await relance(db.url, ['export', 'orders', '--locale', 'en', '--output', file]);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(file, 'utf8').split('\r\n')[0]).toBe(
      '\ufeffId,Ref,Customer,Status,Order date,Delivery date,Amount excl. tax,Currency,Customer ref,External id,Last follow-up,Next follow-up,Follow-ups,Assignee,Last note',
    );
    expect(existsSync(`${file}.partial`)).toBe(false);
    rmSync(file);
  });

  it('exits 2 for a filter or sort the list refuses, and 1 for an unknown user', async () => {
    const date = await relance(db.url, ['export', 'followups', '--done-from', '26/11/2026']);
    expect(date.code).toBe(2);
    expect(date.stderr.split('\n')[0]).toBe('relance: option --done-from: Invalid ISO date');
    const sort = await relance(db.url, ['export', 'orders', '--sort', 'password']);
    expect(sort.code).toBe(2);
    expect(sort.stderr.split('\n')[0]).toMatch(/^relance: Unknown sort field "password"/);
    expect(sort.stdout).toBe('');
    const user = await relance(db.url, ['export', 'followups', '--as', 'nobody']);
    expect(user).toEqual({ code: 1, stdout: '', stderr: 'relance: User "nobody" not found\n' });
  });

  it('ends quietly, exit 0, when the reader closes the pipe early (as `| head` does)', async () => {
    const big = await createTestDatabase('sqlite');
    try {
      // Far more than a pipe holds, so that the export is still writing when the reader goes.
      await seedBulk(testContext(big, testClock('2026-11-26T09:00:00Z')), {
        customers: 20,
        orders: 200,
        followups: 3_000,
        users: 2,
      });
      const child = spawn(
        process.execPath,
        [join(import.meta.dirname, '..', '..', 'bin', 'relance.mjs'), 'export', 'followups'],
        { env: { ...process.env, DATABASE_URL: big.url }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = once(child, 'exit');
      const [first] = (await once(child.stdout, 'data')) as [Buffer];
      child.stdout.destroy();
      const [code] = (await exited) as [number | null];
      expect(first.toString('utf8')).toMatch(/^\ufeffId;Client;Commande;/);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      await big.drop();
    }
  }, 60_000);
});
