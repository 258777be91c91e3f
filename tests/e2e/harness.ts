// Browser end-to-end harness: Debian's Chromium through playwright-core, the real server as one child
// process per test file, and seeded SQLite databases built once (per migration list) and copied per file.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { type Browser, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { migrations } from '../../src/db/migrations/index.ts';

const run = promisify(execFile);

export const REPO = resolve(import.meta.dirname, '..', '..');
export const E2E_TMP = join(REPO, 'tests', '.tmp', 'e2e');
export const SCREENSHOTS = join(REPO, 'docs', 'screenshots');
export const CHROMIUM = process.env.RELANCE_CHROMIUM ?? '/usr/bin/chromium';
export const ADMIN_PASSWORD = 'admin-e2e-password';
export const hasBrowser = existsSync(CHROMIUM);

/**
 * A describe block that needs Chromium. Without it the block is skipped with a warning, unless
 * RELANCE_REQUIRE_BROWSER=1 (CI), where it fails.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (!hasBrowser) {
    const why = `${CHROMIUM} was not found`;
    if (process.env.RELANCE_REQUIRE_BROWSER === '1') {
      describe(name, () => {
        it('needs Chromium (RELANCE_REQUIRE_BROWSER=1)', () => {
          throw new Error(`${why}: install Debian's chromium package; the browser tests are required here.`);
        });
      });
      return;
    }
    console.warn(
      `\n[relance] ${why}: the browser tests "${name}" are SKIPPED. Install Debian's chromium package, or set RELANCE_REQUIRE_BROWSER=1 to make this a failure.\n`,
    );
  }
  describe.skipIf(!hasBrowser)(name, { timeout: 60_000 }, fn);
}

/** One browser per test file, with its own empty profile (Playwright's temporary user-data-dir). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const DESKTOP = { width: 1100, height: 720 };
export const FRENCH: BrowserContextOptions = { locale: 'fr-FR', viewport: DESKTOP };
export const ENGLISH: BrowserContextOptions = { locale: 'en-GB', viewport: DESKTOP };
export const PHONE: BrowserContextOptions = {
  ...FRENCH,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** A page in a new context (its own cookies), failing within seconds when an element never shows up. */
export async function newPage(browser: Browser, options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(8_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  // A script error in the page is worth seeing next to the failure it causes.
  page.on('pageerror', (err) => console.warn(`[browser] ${page.url()}: ${err.message}`));
  return page;
}

// ---------------------------------------------------------------------------------------------------------
// Seeded databases

function sqliteEnv(file: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `sqlite:${file}`, NODE_ENV: 'test' };
  delete env.PORT;
  return env;
}

/** Runs the `relance` command the way a user does, against a SQLite file. */
export async function relance(file: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(REPO, 'bin', 'relance.mjs'), ...args], {
    cwd: REPO,
    env: sqliteEnv(file),
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

const removeDb = (file: string) => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
};

/** Folds the WAL into the main file so that a plain copy of the file is the whole database. */
function settle(file: string): void {
  const db = new SQLite(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.close();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A seeded base database, built once per key and kept under tests/.tmp/e2e. Several test files (or runs)
 * asking at once: the first takes a lock file and builds, the others wait for the result.
 */
async function cachedBase(
  kind: string,
  keyParts: string[],
  build: (file: string) => Promise<void>,
): Promise<string> {
  mkdirSync(E2E_TMP, { recursive: true });
  const key = createHash('sha256')
    .update([...Object.keys(migrations), ...keyParts].join('\n'))
    .digest('hex')
    .slice(0, 16);
  const base = join(E2E_TMP, `base-${kind}-${key}.db`);
  const lock = `${base}.lock`;
  const deadline = Date.now() + 240_000;
  while (!existsSync(base)) {
    try {
      mkdirSync(lock);
    } catch {
      // Someone else builds it; a lock older than 4 minutes belongs to a dead run.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 240_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${base} to be built`);
      await sleep(500);
      continue;
    }
    try {
      for (const f of readdirSync(E2E_TMP))
        if (f.startsWith(`base-${kind}-`) && !f.startsWith(`base-${kind}-${key}`))
          rmSync(join(E2E_TMP, f), { recursive: true, force: true });
      const building = `${base}.building-${randomBytes(4).toString('hex')}`;
      try {
        await build(building);
        settle(building);
        renameSync(building, base);
      } finally {
        removeDb(building);
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return base;
}

function copyOf(base: string, name: string): string {
  // Copies left by runs that were killed before their afterAll.
  for (const f of readdirSync(E2E_TMP)) {
    if (f.startsWith('base-')) continue;
    const st = statSync(join(E2E_TMP, f), { throwIfNoEntry: false });
    if (st && Date.now() - st.mtimeMs > 3_600_000) rmSync(join(E2E_TMP, f), { force: true });
  }
  const file = join(E2E_TMP, `${name}-${randomBytes(4).toString('hex')}.db`);
  copyFileSync(base, file);
  return file;
}

const sourceOf = (path: string) => readFileSync(join(REPO, path), 'utf8');

/** A fresh copy of `relance seed --demo` (dates are relative to today, so the cache is per day). */
export async function demoDatabase(name: string): Promise<string> {
  const today = new Date().toLocaleDateString('sv-SE');
  const base = await cachedBase('demo', [today, sourceOf('src/modules/seed/demo-seed.ts')], async (file) => {
    await relance(file, ['seed', '--demo']);
  });
  return copyOf(base, name);
}

/** A fresh copy of the bulk seed: 20,000 customers, 100,000 orders, 5 sales users. */
export async function bulkDatabase(name: string): Promise<string> {
  const base = await cachedBase('bulk100k', [sourceOf('src/modules/seed/bulk-seed.ts')], async (file) => {
    await relance(file, [
      'seed',
      '--customers',
      '20000',
      '--orders',
      '100000',
      '--followups',
      '0',
      '--users',
      '5',
    ]);
  });
  return copyOf(base, name);
}

/** Read-only queries on a test database, to know what the pages should show. */
export function query<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new SQLite(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The server

export interface RunningServer {
  url: string;
  pid: number;
  dbFile: string;
  /** What the server printed so far, to explain a failure. */
  output(): string;
  /** Stops the server by its PID and removes the database copy. */
  stop(): Promise<void>;
}

/** Starts `relance serve` as one node process on a free port of 127.0.0.1 and waits until it listens. */
export async function startServer(dbFile: string): Promise<RunningServer> {
  const env = { ...sqliteEnv(dbFile), HOST: '127.0.0.1', RELANCE_ADMIN_PASSWORD: ADMIN_PASSWORD };
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', '--host', '127.0.0.1'],
    { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('The server process did not start');
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The server did not listen within 30 s:\n${out}`)),
      30_000,
    );
    const onData = () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}) before listening:\n${out}`));
    });
  });
  return {
    url,
    pid,
    dbFile,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        const killed = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
        if (!killed) {
          process.kill(pid, 'SIGKILL');
          await exited;
        }
      }
      removeDb(dbFile);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Pages

/** Logs in through the login form and lands on the dashboard. */
export async function logIn(
  page: Page,
  server: RunningServer,
  login: string,
  password: string,
): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([
    page.waitForURL(`${server.url}/`),
    page.locator('form[action="/login"] button[type="submit"]').click(),
  ]);
}

/**
 * Takes a PNG of what the viewport shows, or of one element. It is written under docs/screenshots only when
 * RELANCE_SCREENSHOTS=1, so that an ordinary test run leaves the working tree clean.
 */
export async function screenshot(target: Page | Locator, name: string): Promise<void> {
  const keep = process.env.RELANCE_SCREENSHOTS === '1';
  if (keep) mkdirSync(SCREENSHOTS, { recursive: true });
  await target.screenshot({
    ...(keep ? { path: join(SCREENSHOTS, `${name}.png`) } : {}),
    animations: 'disabled',
    scale: 'css',
  });
}
