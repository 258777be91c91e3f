// When Dolibarr is wrong, down or slow: one clear message that says what to fix, and nothing half-written.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DolibarrError } from '../../src/modules/dolibarr/dolibarr.client.ts';
import { getSyncState, stateKey, tryTakeLease } from '../../src/modules/dolibarr/dolibarr.repository.ts';
import { lastSyncRun, syncDolibarr } from '../../src/modules/dolibarr/dolibarr.service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { FakeDolibarr, moreOrders } from './fake-dolibarr.ts';
import { countRows, options, orderByExternalId } from './helpers.ts';

/** A port nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the sync to fail');
}

describeEachDialect('a Dolibarr that fails', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let fake: FakeDolibarr;

  const nothingWritten = async () => {
    expect(await countRows(ctx, 'customers')).toBe(0);
    expect(await countRows(ctx, 'orders')).toBe(0);
    expect(await countRows(ctx, 'dolibarr_sync_state')).toBe(0);
  };

  /** The import progress of orders read from the fake's API root. */
  const ordersState = () => getSyncState(ctx.database.db, stateKey('orders', `${fake.url}/api/index.php`));

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-28T08:00:00Z'));
    fake = await new FakeDolibarr().start();
    moreOrders(fake, 195); // 200 orders: two pages of 100
  });
  afterEach(() => {
    fake.heal();
    fake.clearLog();
  });
  afterAll(async () => {
    await fake?.stop();
    await db?.drop();
  });

  it('names a wrong API key, and records the failed run', async () => {
    const err = await failure(syncDolibarr(ctx, options(fake, { key: 'wrong-key' })));
    expect(err).toBeInstanceOf(DolibarrError);
    expect(err.message).toMatch(/^Dolibarr refused the API key \(401.*check the key/);
    expect(err.message).not.toContain('\n');
    expect(fake.log).toHaveLength(1); // not retried
    await nothingWritten();
    expect(await lastSyncRun(ctx)).toMatchObject({ status: 'failed', error: err.message, trigger: 'cli' });
  });

  it('names a URL that is not Dolibarr (an HTML page) and one where nothing answers', async () => {
    const html = await failure(
      syncDolibarr(ctx, options(fake, { url: `http://127.0.0.1:${fake.port}/wiki` })),
    );
    expect(html.message).toContain('with an HTML page instead of JSON');
    expect(html.message).toContain('check the URL is the Dolibarr address you open in the browser');
    const port = await closedPort();
    const nobody = await failure(
      syncDolibarr(ctx, options(fake, { url: `http://127.0.0.1:${port}`, retries: 1 })),
    );
    expect(nobody.message).toBe(
      `Cannot reach Dolibarr at http://127.0.0.1:${port}/api/index.php (ECONNREFUSED): check the URL and that the server is up (tried 2 times)`,
    );
    await nothingWritten();
  });

  it('does not follow a redirect (http to https, say) but names the address to use', async () => {
    fake.fail('redirect');
    const err = await failure(syncDolibarr(ctx, options(fake)));
    expect(err.message).toBe(
      `Dolibarr redirected GET ${fake.url}/api/index.php/status to https://erp.example.com/dolibarr/api/index.php/status: give the address Dolibarr really answers on (https://…?) as its URL`,
    );
    expect(fake.log).toHaveLength(1);
    await nothingWritten();
  });

  it('says what a 403 means: the key is good but its user lacks rights', async () => {
    fake.fail(403, (_m, route) => route === '/orders');
    const err = await failure(syncDolibarr(ctx, options(fake)));
    expect(err.message).toContain('may not do GET /orders (403');
    await nothingWritten();
  });

  it('retries a 500 with back-off and gives up with a clear message, writing nothing of what it read', async () => {
    fake.fail(500, (_m, route, q) => route === '/orders' && q.page === '1');
    const err = await failure(syncDolibarr(ctx, options(fake, { retries: 2 })));
    expect(err.message).toMatch(
      /^Dolibarr answered 500 Internal Server Error to GET .*\/orders \(Internal Server Error: Error when retrieving list\): check Dolibarr's logs or try again later \(tried 3 times\)$/,
    );
    expect(fake.requests('/orders').map((r) => r.query.page)).toEqual(['0', '1', '1', '1']);
    // The third parties and the first page of orders were read, and none of it was written.
    await nothingWritten();
  });

  it('refuses an HTML page where JSON was expected, even with a 200', async () => {
    fake.fail('html', (_m, route) => route === '/orders');
    const err = await failure(syncDolibarr(ctx, options(fake)));
    expect(err.message).toContain('answered 200 with an HTML page instead of JSON');
    await nothingWritten();
  });

  it('gives up on a Dolibarr too slow to answer, saying so', async () => {
    fake.slowMs = 1500;
    fake.fail('slow', (_m, route) => route === '/thirdparties');
    const err = await failure(syncDolibarr(ctx, options(fake, { timeoutMs: 200, retries: 1 })));
    expect(err.message).toMatch(
      /^Dolibarr did not answer GET .*\/thirdparties within 0\.2 s: it is down or overloaded; try again later \(tried 2 times\)$/,
    );
    await nothingWritten();
  });

  it('gets through passing trouble: a cut connection, a 503, a 429 are tried again', async () => {
    fake.fail('cut', (_m, route) => route === '/thirdparties', 1);
    fake.fail(503, (_m, route, q) => route === '/orders' && q.page === '0', 1);
    fake.fail(429, (_m, route, q) => route === '/orders' && q.page === '1', 1);
    const report = await syncDolibarr(ctx, options(fake));
    expect(report.thirdparties.created).toBe(3);
    expect(report.orders.created).toBe(200);
    expect(fake.requests('/orders').map((r) => [r.query.page, r.status])).toEqual([
      ['0', 503],
      ['0', 200],
      ['1', 429],
      ['1', 200],
      ['2', 200],
    ]);
  });

  it('does not move the sync state forward when a later run fails, so the change comes next time', async () => {
    const before = await ordersState();
    fake.now += 86_400;
    fake.editOrder('2', {
      statut: '2',
      status: '2',
      total_ht: '3999.99000000',
      multicurrency_total_ht: '3999.99000000',
    });
    fake.fail(500, (_m, route) => route === '/orders');
    await failure(syncDolibarr(ctx, options(fake, { retries: 0 })));
    expect(await ordersState()).toEqual(before);
    expect(await orderByExternalId(ctx, '2')).toMatchObject({ status: 'validated' });

    fake.heal();
    const report = await syncDolibarr(ctx, options(fake));
    expect(report.orders).toMatchObject({ fetched: 1, updated: 1 });
    const o2 = await orderByExternalId(ctx, '2');
    expect([o2.status, Number(o2.total_excl_tax).toFixed(2)]).toEqual(['in_progress', '3999.99']);
    expect((await ordersState())?.sinceEpoch).toBe(fake.now);
  });

  it('stops when the server shuts down mid-sync, leaving nothing half-written', async () => {
    const before = {
      orders: await countRows(ctx, 'orders'),
      state: await ordersState(),
    };
    fake.now += 86_400;
    fake.editOrder('3', { statut: '1', status: '1' });
    fake.slowMs = 5000;
    fake.fail('slow', (_m, route) => route === '/orders');
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const err = await failure(syncDolibarr(ctx, options(fake, { signal: stop.signal })));
    expect(err.message).toBe('The Dolibarr sync was stopped (the server is shutting down)');
    expect(await countRows(ctx, 'orders')).toBe(before.orders);
    expect(await ordersState()).toEqual(before.state);
    expect((await orderByExternalId(ctx, '3')).status).toBe('delivered');
  });

  it('refuses to start while another server holds the sync lease', async () => {
    const now = ctx.clock.now().toISOString();
    const until = new Date(ctx.clock.now().getTime() + 60_000).toISOString();
    expect(await tryTakeLease(ctx.database.db, 'another-server', now, until)).toBe(true);
    const err = await failure(syncDolibarr(ctx, options(fake)));
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(
      /^Another Dolibarr sync is running \(its lease ends at \d\d:\d\d at the latest\)/,
    );
    expect(fake.log).toHaveLength(0);
  });
});
