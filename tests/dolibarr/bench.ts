// Measures a first (full) Dolibarr import and an incremental one against the fake Dolibarr, on a fresh
// database: `node --import tsx tests/dolibarr/bench.ts [thirdparties] [orders] [sqlite|postgres]`.
// Not a test: it prints timings and memory.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import { syncDolibarr } from '../../src/modules/dolibarr/dolibarr.service.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { API_KEY, FakeDolibarr, moreOrders, moreThirdParties } from './fake-dolibarr.ts';

const thirdparties = Number(process.argv[2] ?? 2000);
const orders = Number(process.argv[3] ?? 10000);
const dialect = process.argv[4] === 'postgres' ? 'postgres' : 'sqlite';
const pageSize = Number(process.env.PAGE_SIZE ?? 100);

const fake = await new FakeDolibarr().start();
moreThirdParties(fake, thirdparties - 3, 100);
moreOrders(fake, orders - 5, 100);
// Spread the orders over the third parties.
let i = 0;
for (const o of fake.orders.values()) o.socid = String(100 + (i++ % (thirdparties - 3)));

const tag = `bench${randomBytes(4).toString('hex')}`;
let url: string;
let drop: () => Promise<void>;
if (dialect === 'sqlite') {
  const file = join(tmpdir(), `${tag}.db`);
  url = `sqlite:${file}`;
  drop = async () => {
    for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
  };
} else {
  url = process.env.TEST_DATABASE_URL_PG ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${tag}`);
  await admin.end();
  drop = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema ${tag} cascade`);
    await c.end();
  };
}
const database = openDatabase(url, dialect === 'postgres' ? { schema: tag } : {});
await migrateToLatest(database.db);
const ctx: AppContext = {
  database,
  clock: systemClock('Europe/Paris'),
  config: loadConfig({ DATABASE_URL: url }),
  secret: 'bench-secret-0123456789',
};

async function timed(label: string, full: boolean) {
  const t0 = performance.now();
  const report = await syncDolibarr(ctx, {
    url: fake.url,
    key: API_KEY,
    trigger: 'cli',
    full,
    pageSize,
    progress: (line) => {
      if (process.env.VERBOSE) console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s  ${line}`);
    },
  });
  const ms = performance.now() - t0;
  const mem = process.memoryUsage();
  console.log(
    `${label} [${dialect}, page ${pageSize}]: ${(ms / 1000).toFixed(1)} s, ${report.requests} requests; ` +
      `third parties ${JSON.stringify(report.thirdparties)}, orders ${JSON.stringify(report.orders)}; ` +
      `rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
}

try {
  await timed(`first import of ${thirdparties} third parties and ${orders} orders`, false);
  fake.now += 3600;
  for (const id of ['2', '3', '4']) fake.editOrder(id, { statut: '3', status: '3' });
  await timed('incremental run (3 orders changed)', false);
  await timed('full re-read, nothing changed', true);
} finally {
  await database.close();
  await drop();
  await fake.stop();
}
