// `relance sync dolibarr` as an administrator types it: a real process, a real SQLite file, the fake Dolibarr.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TMP_DIR } from '../setup/test-database.ts';
import { API_KEY, FakeDolibarr } from './fake-dolibarr.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = join(TMP_DIR, `dolibarr-cli-${process.pid}-${Date.now()}`);

/** Runs the command without blocking this process, which serves the fake Dolibarr. */
function relance(args: string[], extraEnv: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const { DOLIBARR_API_KEY: _ignored, ...inherited } = process.env;
    const env = {
      ...inherited,
      DATABASE_URL: `sqlite:${join(dir, 'relance.db')}`,
      TZ: 'Europe/Paris',
      ...extraEnv,
    };
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'relance.mjs'), ...args], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

// Each command starts a Node process that compiles TypeScript: slow on a busy machine.
describe('relance sync dolibarr', { timeout: 180_000 }, () => {
  let fake: FakeDolibarr;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    fake = await new FakeDolibarr().start();
  });
  afterAll(async () => {
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports and prints the report, progress on stderr; the next run reads only the changes', async () => {
    const first = await relance(['sync', 'dolibarr', '--url', fake.url, '--key', API_KEY]);
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')).toEqual([
      `Dolibarr 23.0.1 at ${fake.url}/api/index.php, full read`,
      'Third parties: 3 read, 3 created, 0 updated, 0 unchanged, 0 skipped',
      'Orders: 5 read, 5 created, 0 updated, 0 unchanged, 0 skipped',
      '',
    ]);
    expect(first.stderr).toContain('Orders read: 5');

    fake.now += 3600;
    const second = await relance(['sync', 'dolibarr', '--url', `${fake.url}/api/index.php`], {
      DOLIBARR_API_KEY: API_KEY,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(', changes since 2026-11-27');
    expect(second.stdout).toContain('Orders: 0 read');
  });

  it('fails with exit 1 and one line that says what to fix', async () => {
    const wrongKey = await relance(['sync', 'dolibarr', '--url', fake.url, '--key', 'nope']);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^relance: Dolibarr refused the API key \(401: .*\): check the key/),
    ]);
    expect(wrongKey.stdout).toBe('');

    fake.fail('html');
    const html = await relance(['sync', 'dolibarr', '--url', fake.url, '--key', API_KEY]);
    fake.heal();
    expect(html.code).toBe(1);
    expect(html.stderr.trim().split('\n')).toHaveLength(1);
    expect(html.stderr).toContain(
      'instead of JSON: check the URL is the Dolibarr address you open in the browser',
    );

    const notUrl = await relance(['sync', 'dolibarr', '--url', 'erp.example.com', '--key', API_KEY]);
    expect(notUrl.code).toBe(1);
    expect(notUrl.stderr).toBe(
      'relance: The Dolibarr URL "erp.example.com" is not an address: give the one you open in the browser, e.g. https://erp.example.com\n',
    );
  });

  it('says which option is missing with exit 2', async () => {
    const r = await relance(['sync', 'dolibarr', '--url', fake.url]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('relance: give --key (the API key of a Dolibarr user)');
  });
});
