// The `relance` command as an administrator uses it: real processes, a real SQLite file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../setup/server-process.ts';
import { TMP_DIR } from '../setup/test-database.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = join(TMP_DIR, `cli-${process.pid}-${Date.now()}`);
mkdirSync(dir, { recursive: true });
const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'relance.db')}`, TZ: 'Europe/Paris' };
delete (env as Record<string, string | undefined>).RELANCE_ADMIN_PASSWORD;

function relance(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'relance.mjs'), ...args], {
    cwd: dir,
    env,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the relance command', () => {
  it('migrates, then says the database is up to date', () => {
    expect(relance(['migrate'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Applied: ') });
    expect(relance(['migrate']).stdout).toContain('up to date');
  });

  it('creates a user with a password from stdin and refuses a duplicate with exit 1 and one line', () => {
    const ok = relance(
      ['user', 'add', '--login', 'julie', '--name', 'Julie Roux', '--role', 'sales', '--password-stdin'],
      's3cret-pass\n',
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Created user julie (sales)');
    const dup = relance(['user', 'add', '--login', 'julie', '--name', 'Julie', '--role', 'sales']);
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim().split('\n')).toEqual(['relance: A user with login "julie" already exists']);
  });

  it('answers usage errors with exit 2', () => {
    expect(relance(['user', 'add', '--login', 'x', '--name', 'X', '--role', 'boss']).code).toBe(2);
    expect(relance(['frobnicate']).code).toBe(2);
    const seed = relance(['seed']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('say --demo');
  });

  it('prints a new API token alone on stdout, which then opens the API', async () => {
    const r = relance(['token', 'create', '--login', 'julie', '--name', 'laptop']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rl_[A-Za-z0-9_-]{43}\n$/);
    expect(relance(['token', 'create', '--login', 'nobody']).code).toBe(1);
  });

  it('loads the French demo data with overdue, due-today and upcoming follow-ups', () => {
    const r = relance(['seed', '--demo']);
    expect(r.code).toBe(0);
    const [, users, customers, orders, followups] =
      /(\d+) users, (\d+) customers, (\d+) orders, (\d+) follow-ups/.exec(r.stdout) ?? [];
    expect(Number(users)).toBeGreaterThanOrEqual(4);
    expect(Number(customers)).toBe(30);
    expect(Number(orders)).toBe(120);
    expect(Number(followups)).toBeGreaterThanOrEqual(250);
    expect(relance(['seed', '--demo']).code).toBe(1);
  });

  it('on first start creates the admin, prints its password once, and serves the API with a token', {
    timeout: 120_000,
  }, async () => {
    const server = await startServerProcess(['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')], {
      cwd: dir,
      env: { ...env, NODE_OPTIONS: '' },
    });
    try {
      const out = server.output();
      expect(out).toContain('created the administrator "admin"');
      const password = /shown only this once: (\S+)/.exec(out)?.[1];
      expect(password).toBeDefined();
      const token = relance(['token', 'create', '--login', 'admin']).stdout.trim();
      const me = await fetch(`${server.base}/api/v1/users/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await me.json()).toMatchObject({ login: 'admin', role: 'admin' });
      const listed = relance(['token', 'list', '--login', 'admin']).stdout.trim().split('\n');
      expect(listed).toHaveLength(1);
      expect(listed[0]).not.toContain(token);
      const tokenId = listed[0]?.split('\t')[0] ?? '';
      expect(relance(['token', 'revoke', tokenId]).code).toBe(0);
      const revoked = await fetch(`${server.base}/api/v1/users/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(revoked.status).toBe(401);
      expect(relance(['token', 'revoke', tokenId]).code).toBe(1);
      const login = await fetch(`${server.base}/login`, {
        method: 'POST',
        body: new URLSearchParams({ login: 'admin', password: password ?? '' }),
        redirect: 'manual',
      });
      expect(login.status).toBe(303);
      expect(login.headers.get('set-cookie')).toContain('HttpOnly');
    } finally {
      await server.stop();
    }
  });
});
