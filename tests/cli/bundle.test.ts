// What `npm start` runs: the esbuild bundle of the sources (dist/relance.mjs), served from another folder,
// with its pages and the assets it finds from the project's folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshBundle } from '../../scripts/bundle-fresh.mjs';
import { startServerProcess } from '../setup/server-process.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'relance.mjs');

describe('the built server (npm start)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relance-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds, starts from another folder, and serves pages and every asset', {
    timeout: 60_000,
  }, async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
    expect(statSync(BUNDLE).size).toBeGreaterThan(100_000);
    const server = await startServerProcess([BUNDLE], {
      cwd: dir,
      env: {
        ...process.env,
        DATABASE_URL: `sqlite:${join(dir, 'r.db')}`,
        RELANCE_ADMIN_PASSWORD: 'bundle-admin-1',
      },
    });
    try {
      const base = server.base;
      const login = await fetch(`${base}/login`);
      expect(login.status).toBe(200);
      const loginPage = await login.text();
      expect(loginPage).toContain('<form');
      // The French page, with its catalogue and a password field, as a visitor sees it.
      expect(loginPage).toContain('Connexion');
      expect(loginPage).toContain('name="password"');
      // And the administrator the bundle created at start can log in.
      const session = await fetch(`${base}/login`, {
        method: 'POST',
        body: new URLSearchParams({ login: 'admin', password: 'bundle-admin-1' }),
        redirect: 'manual',
      });
      expect(session.status).toBe(303);
      expect(session.headers.get('set-cookie')).toContain('HttpOnly');
      for (const asset of [
        'app.css',
        'app.js',
        'pico.min.css',
        'htmx.min.js',
        'chart.umd.min.js',
        'dashboard-chart.js',
        'followup-form.js',
      ]) {
        const res = await fetch(`${base}/assets/${asset}`);
        expect(res.status, asset).toBe(200);
        expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
      }
    } finally {
      await server.stop();
    }
  });

  it('is run by the relance command only while it is newer than the sources', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
    expect(freshBundle(ROOT)).toBe(BUNDLE);
    const help = () =>
      execFileSync(process.execPath, [join(ROOT, 'bin', 'relance.mjs'), '--help'], {
        cwd: dir,
        encoding: 'utf8',
      });
    expect(help()).toContain('serve the web app and the API');
    // A bundle older than the sources is not run: the command falls back to tsx and still works.
    const old = new Date(Date.now() - 365 * 86_400_000);
    utimesSync(BUNDLE, old, old);
    try {
      expect(freshBundle(ROOT)).toBeNull();
      expect(help()).toContain('serve the web app and the API');
    } finally {
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
    }
    expect(freshBundle(ROOT)).toBe(BUNDLE);
  });
});
