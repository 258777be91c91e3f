// The administrator sets up the Dolibarr connection on /admin/dolibarr, syncs now and reads the report; the
// servers then sync on schedule, one at a time even when several share the database.
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { AppContext } from '../../src/context.ts';
import { openDatabase } from '../../src/db/database.ts';
import {
  backgroundSyncSettled,
  runScheduledSync,
  startDolibarrScheduler,
} from '../../src/modules/dolibarr/dolibarr.scheduler.ts';
import { saveDolibarrSettings, savedCredentials } from '../../src/modules/dolibarr/dolibarr.settings.ts';
import { getSetting } from '../../src/modules/settings/settings.repository.ts';
import { type Person, person } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { fieldError, inputValue, logIn, textOf, type Visitor } from '../web/pages-session.ts';
import { API_KEY, FakeDolibarr } from './fake-dolibarr.ts';

describeEachDialect('the Dolibarr admin page', (dialect) => {
  let db: TestDatabase;
  let ctx: AppContext;
  let fake: FakeDolibarr;
  let admin: Visitor;
  let manager: Visitor;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-28T08:00:00Z'));
    await person(ctx, 'root', 'admin');
    await person(ctx, 'manon', 'manager');
    const app = createApp(ctx);
    admin = await logIn(app, 'root');
    manager = await logIn(app, 'manon');
    fake = await new FakeDolibarr().start();
  });
  afterAll(async () => {
    await backgroundSyncSettled(ctx);
    await fake?.stop();
    await db?.drop();
  });

  it('is for administrators only', async () => {
    expect((await manager.get('/admin/dolibarr')).status).toBe(403);
    expect(
      (await manager.post('/admin/dolibarr', { url: 'https://x.example', key: 'k', intervalMinutes: '0' }))
        .status,
    ).toBe(403);
    expect((await manager.post('/admin/dolibarr/sync', {})).status).toBe(403);
    expect(await savedCredentials(ctx)).toBeNull();
  });

  it('asks for the address and the key, and cannot sync before', async () => {
    const page = await admin.get('/admin/dolibarr');
    expect(page.status).toBe(200);
    expect(textOf(page.html)).toContain('No sync yet.');
    expect(page.html).toMatch(
      /<button type="submit" disabled="">Sync now<\/button>|<button type="submit" disabled>Sync now<\/button>/,
    );
    const refused = await admin.post('/admin/dolibarr/sync', {});
    expect(refused.location).toBe('/admin/dolibarr?done=not-configured');
  });

  it('refuses what is not an address or a schedule, naming the fields and keeping the input', async () => {
    const page = await admin.post('/admin/dolibarr', {
      url: 'erp.example.com',
      key: 'abc',
      intervalMinutes: '3',
    });
    expect(page.status).toBe(422);
    expect(fieldError(page.html, 'url')).toBe('Enter an address starting with https:// or http://');
    expect(fieldError(page.html, 'intervalMinutes')).toBe('0, or a whole number of minutes from 5 to 10080.');
    expect(inputValue(page.html, 'url')).toBe('erp.example.com');
    const noKey = await admin.post('/admin/dolibarr', { url: fake.url, key: '', intervalMinutes: '0' });
    expect(fieldError(noKey.html, 'key')).toBe('Enter the API key.');
    const noCsrf = await admin.post(
      '/admin/dolibarr',
      { url: fake.url, key: 'k', intervalMinutes: '0' },
      { csrf: '' },
    );
    expect(noCsrf.status).toBe(403);
    expect(await savedCredentials(ctx)).toBeNull();
  });

  it('saves the connection and never shows the key back; an empty key field keeps it', async () => {
    const saved = await admin.post('/admin/dolibarr', {
      url: fake.url,
      key: API_KEY,
      intervalMinutes: '15',
      push: '1',
    });
    expect(saved).toMatchObject({ status: 303, location: '/admin/dolibarr?done=saved' });
    const page = await admin.get('/admin/dolibarr?done=saved');
    expect(textOf(page.html)).toContain('Settings saved.');
    expect(inputValue(page.html, 'url')).toBe(fake.url);
    expect(inputValue(page.html, 'key')).toBe('');
    expect(page.html).not.toContain(API_KEY);
    expect(textOf(page.html)).toContain('A key is saved (…6789)');

    await admin.post('/admin/dolibarr', { url: fake.url, key: '', intervalMinutes: '30' });
    expect(await savedCredentials(ctx)).toEqual({
      url: fake.url,
      key: API_KEY,
      intervalMinutes: 30,
      push: false,
    });
    expect(await getSetting(ctx.database.db, 'dolibarr_interval_minutes')).toBe('30');
  });

  it('syncs now in the background, then shows the report in English and in French', async () => {
    const started = await admin.post('/admin/dolibarr/sync', {});
    expect(started.location).toBe('/admin/dolibarr?done=started');
    await backgroundSyncSettled(ctx);
    const en = textOf((await admin.get('/admin/dolibarr')).html);
    expect(en).toContain('Succeeded, started');
    expect(en).toContain('(Sync now button)');
    expect(en).toContain(
      'Records Read Created Updated Unchanged Skipped Third parties 3 3 0 0 0 Orders 5 5 0 0 0',
    );
    const fr = textOf((await admin.get('/admin/dolibarr?lang=fr')).html);
    expect(fr).toContain('Réussie, commencée le');
    expect(fr).toContain('Tiers 3 3 0 0 0 Commandes 5 5 0 0 0');
    expect(fr).toContain('Synchroniser maintenant');
  });

  it('shows why the last run failed, in one line', async () => {
    await admin.post('/admin/dolibarr', { url: fake.url, key: 'a-wrong-key', intervalMinutes: '30' });
    await admin.post('/admin/dolibarr/sync', {});
    await backgroundSyncSettled(ctx);
    const page = textOf((await admin.get('/admin/dolibarr')).html);
    expect(page).toContain('Failed, started');
    expect(page).toContain('Error: Dolibarr refused the API key (401');
  });
});

describeEachDialect('the scheduled Dolibarr sync', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: AppContext;
  let other: AppContext;
  let fake: FakeDolibarr;
  let root: Person;

  const configure = async (intervalMinutes: number) => {
    await saveDolibarrSettings(ctx, root.actor, {
      url: fake.url,
      key: API_KEY,
      intervalMinutes,
      push: false,
    });
  };
  const runs = () => ctx.database.db.selectFrom('dolibarr_sync_runs').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    clock = testClock('2026-11-28T08:00:00Z');
    ctx = testContext(db, clock);
    // A second app server: its own connection to the same database, the same clock.
    other = {
      ...testContext(db, clock),
      database: openDatabase(db.url, db.schema ? { schema: db.schema } : {}),
    };
    root = await person(ctx, 'root', 'admin');
    fake = await new FakeDolibarr().start();
  });
  afterEach(() => fake.clearLog());
  afterAll(async () => {
    await other?.database.close();
    await fake?.stop();
    await db?.drop();
  });

  it('does nothing until an administrator sets an interval', async () => {
    expect(await runScheduledSync(ctx)).toBe('not_configured');
    await configure(0);
    expect(await runScheduledSync(ctx)).toBe('not_configured');
    expect(fake.log).toHaveLength(0);
  });

  it('runs on one server only when two look at the schedule at the same moment', async () => {
    await configure(15);
    const outcomes = await Promise.all([runScheduledSync(ctx), runScheduledSync(other)]);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'busy' || o === 'not_due')).toHaveLength(1);
    expect(fake.requests('/status')).toHaveLength(1);
    expect((await runs()).map((r) => [r.trigger, r.status])).toEqual([['schedule', 'ok']]);
  });

  it('waits for the interval, counted from the last run on any server', async () => {
    clock.set('2026-11-28T08:10:00Z');
    expect(await runScheduledSync(other)).toBe('not_due');
    clock.set('2026-11-28T08:15:00Z');
    expect(await runScheduledSync(other)).toBe('ok');
    expect((await runs()).map((r) => r.status)).toEqual(['ok', 'ok']);
  });

  it('runs inside the server on its own, and stops cleanly with it', async () => {
    clock.set('2026-11-28T09:00:00Z');
    const lines: string[] = [];
    const stop = startDolibarrScheduler(ctx, { tickMs: 20, log: (l) => lines.push(l) });
    await vi.waitFor(async () => expect((await runs()).filter((r) => r.status === 'ok')).toHaveLength(3), {
      timeout: 10_000,
      interval: 50,
    });
    await stop();
    expect(lines.some((l) => l.startsWith('Dolibarr sync (schedule): '))).toBe(true);
    const count = fake.log.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.log.length).toBe(count);
  });
});
