// `relance digest` as an administrator runs it: a real process, the test's database, a real SMTP server.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { setDigestOptIn } from '../../src/modules/digest/digest.service.ts';
import { createFollowup } from '../../src/modules/followups/followup.service.ts';
import { createUser, toActor } from '../../src/modules/users/user.service.ts';
import { customer, order, person } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
  TMP_DIR,
} from '../setup/test-database.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/**
 * Each run starts Node, which compiles the sources with tsx when they are newer than the bundle
 * (dist/relance.mjs): seconds apiece on a busy machine.
 */
const SLOW = 180_000;
vi.setConfig({ testTimeout: SLOW });

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describeEachDialect('relance digest', (dialect) => {
  let db: TestDatabase;
  let ctx: AppContext;
  let sink: SmtpSink;
  let dir: string;
  let databaseUrl: string;

  /** Runs the command without blocking this process, whose event loop serves the SMTP server. */
  const relance = (args: string[], env: Record<string, string> = {}) =>
    new Promise<Run>((resolve, reject) => {
      const base = { ...process.env };
      delete base.SMTP_URL;
      delete base.RELANCE_PUBLIC_URL;
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'relance.mjs'), ...args], {
        cwd: dir,
        env: { ...base, DATABASE_URL: databaseUrl, TZ: 'Europe/Paris', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString('utf8');
      });
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString('utf8');
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), SLOW - 10_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    databaseUrl =
      dialect === 'postgres'
        ? `${db.url}?options=${encodeURIComponent(`-c search_path=${db.schema}`)}`
        : db.url;
    dir = join(TMP_DIR, `digest-cli-${dialect}-${process.pid}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    ctx = testContext(db, testClock('2026-11-26T06:30:00Z', 'Europe/Paris'));
    sink = await startSmtpSink();
    const manager = await person(ctx, 'manon', 'manager');
    const user = await createUser(ctx, null, {
      login: 'alice',
      name: 'Alice Martin',
      role: 'sales',
      locale: 'fr',
      email: 'alice@example.com',
    });
    const c = await customer(ctx, 'Boulangerie Dupont', user.id);
    const o = await order(ctx, 'CO-CLI-1', c.id);
    await createFollowup(ctx, manager.actor, {
      orderId: o.id,
      channel: 'phone',
      note: 'Rappeler après le devis',
      doneAt: '2026-11-19T10:00:00+01:00',
      nextAt: '2026-11-24',
      assigneeId: user.id,
    });
    await setDigestOptIn(ctx, toActor(user), true);
  });
  afterAll(async () => {
    await sink?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints the digests without --send', async () => {
    const r = await relance(['digest', '--date', '2026-11-26']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('To: Alice Martin <alice@example.com> (fr)');
    expect(r.stdout).toContain(
      'Subject: Vos relances du jeudi 26 novembre 2026\u00a0: 1 en retard, 0 aujourd’hui',
    );
    expect(r.stdout).toContain('CO-CLI-1 · Boulangerie Dupont (prévue le mardi 24 novembre 2026)');
    expect(sink.received).toHaveLength(0);
  });

  it('refuses --send without SMTP_URL, and a date that is not one, with a one-line message', async () => {
    const r = await relance(['digest', '--send']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'relance: SMTP_URL is not set: set it to the mail server, e.g. smtp://user:password@mail.example.com:587 (or run without --send to print the digests)',
    ]);
    const d = await relance(['digest', '--date', '2026-02-30']);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('must be a date written YYYY-MM-DD');
  });

  it('exits 1 when the SMTP server refuses, then sends on the retry, once', async () => {
    sink.mode = 'refuse-recipients';
    const refused = await relance(['digest', '--send', '--date', '2026-11-26'], { SMTP_URL: sink.url });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('Morning digest of 2026-11-26: 0 sent, 1 failed.\n');
    expect(refused.stderr).toMatch(
      /^relance: The SMTP server 127\.0\.0\.1:\d+ did not accept the message to "Alice Martin" <alice@example\.com> \(550 .*\); run relance digest --send again to retry\n$/,
    );
    expect(sink.received).toHaveLength(0);

    sink.mode = 'accept';
    const env = { SMTP_URL: sink.url, RELANCE_PUBLIC_URL: 'https://relance.example.com' };
    const sent = await relance(['digest', '--send', '--date', '2026-11-26'], env);
    expect(sent).toMatchObject({ code: 0, stdout: 'Morning digest of 2026-11-26: 1 sent.\n' });
    const again = await relance(['digest', '--send', '--date', '2026-11-26'], env);
    expect(again).toMatchObject({
      code: 0,
      stdout: 'Morning digest of 2026-11-26: 0 sent, 1 already sent.\n',
    });
    expect(sink.received.map((r) => r.to)).toEqual([['alice@example.com']]);
    expect(sink.received[0]?.mail.text).toContain('https://relance.example.com/orders/');
  });
});
