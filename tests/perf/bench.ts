// `npm run bench`: builds data sets with the bulk seed (10k, 100k and 1M follow-ups; cached under
// tests/.tmp/bench), starts the real server as one process per set, measures the requests of issue 4 with
// autocannon (10 connections, after a warm-up), writes docs/perf.md and exits 1 when a budget is missed.
//
//   npm run bench -- [--sizes=10k,100k,1m] [--db=sqlite|postgres|both] [--quick] [--duration=5]
//                    [--warmup=2] [--out=docs/perf.md] [--no-report] [--note="…"] [--clean]
//                    [--only=scenario,…] [--report-only]
//   npm run bench -- --against=REV [--rounds=3] [--sizes=1m] [--db=sqlite] [--only=scenario,…]
//
// --against measures side by side: the bundle of revision REV (built in a git worktree under the system's
// temporary directory) and the current sources' bundle, in turns, each on a fresh copy of the same data set,
// --rounds times; it prints a table (also written to tests/.tmp/bench/side-by-side.md) and checks no budget.
// This machine's speed moves by 20-50 % within an hour: compare builds side by side, not run to run. The data
// sets are seeded by the current sources: REV must know their migrations.
//
// PostgreSQL runs when --db asks for it or DATABASE_URL is a postgres:// URL; each data set is kept as a
// template database (relance_bench_<size>_<hash>) and copied into relance_bench_run, dropped at the end.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { BULK_PASSWORD } from '../../src/modules/seed/bulk-seed.ts';
import { type ServerProcess, startServerProcess } from '../setup/server-process.ts';
import {
  DATA_SIZES,
  type DbKind,
  type RunResult,
  type ScenarioResult,
  SIZE_ORDER,
  type SizeName,
} from './bench-types.ts';
import { checkBudgets, exitCodeOf } from './budgets.ts';
import { renderReport } from './report.ts';
import { type BenchIds, SCENARIOS, type Scenario } from './scenarios.ts';
import { summarise } from './stats.ts';

const REPO = join(import.meta.dirname, '..', '..');
const CACHE = join(REPO, 'tests', '.tmp', 'bench');
const CONNECTIONS = 10;
const WRITE_RATE = 200;
const ADMIN_PASSWORD = 'bench-admin-password';
const MANAGER = 'bench.manager.1';
const SALES = 'bench.sales1.1';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string' },
    db: { type: 'string' },
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    out: { type: 'string', default: 'docs/perf.md' },
    'no-report': { type: 'boolean', default: false },
    note: { type: 'string', multiple: true },
    clean: { type: 'boolean', default: false },
    only: { type: 'string' },
    'report-only': { type: 'boolean', default: false },
    against: { type: 'string' },
    rounds: { type: 'string' },
  },
});

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function parseSizes(): SizeName[] {
  const raw = args.sizes ?? (args.quick ? '10k' : SIZE_ORDER.join(','));
  const sizes = raw.split(',').map((s) => s.trim().toLowerCase());
  for (const s of sizes)
    if (!SIZE_ORDER.includes(s as SizeName))
      throw new Error(`--sizes: "${s}" is not one of ${SIZE_ORDER.join(', ')}`);
  return SIZE_ORDER.filter((s) => sizes.includes(s));
}

function parseDbs(): DbKind[] {
  const pgUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : null;
  const raw = args.db ?? (pgUrl ? 'both' : 'sqlite');
  if (!['sqlite', 'postgres', 'both'].includes(raw)) throw new Error('--db must be sqlite, postgres or both');
  const dbs: DbKind[] = raw === 'both' ? ['sqlite', 'postgres'] : [raw as DbKind];
  if (dbs.includes('postgres') && !pgUrl)
    throw new Error('--db=postgres needs DATABASE_URL=postgres://… (a user that may create databases)');
  return dbs;
}

const seconds = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const DURATION = seconds(args.duration, args.quick ? 2 : 5);
const WARMUP = seconds(args.warmup, args.quick ? 1 : 2);

// ---------------------------------------------------------------------------------------------------------
// Data sets

/** Changes to the seed or the schema invalidate cached data sets. */
function datasetKey(size: SizeName): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(DATA_SIZES[size]));
  h.update(readFileSync(join(REPO, 'src/modules/seed/bulk-seed.ts')));
  const dir = join(REPO, 'src/db/migrations');
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 10);
}

interface Dataset {
  seedMs: number;
  bytes: number;
}

/** Runs `relance seed` in its own process and returns its wall time. */
function seed(databaseUrl: string, size: SizeName): number {
  const d = DATA_SIZES[size];
  const started = Date.now();
  execFileSync(
    process.execPath,
    [
      join(REPO, 'bin/relance.mjs'),
      'seed',
      '--customers',
      String(d.customers),
      '--orders',
      String(d.orders),
      '--followups',
      String(d.followups),
      '--users',
      String(d.users),
    ],
    { cwd: REPO, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return Date.now() - started;
}

function sqliteDataset(size: SizeName): Dataset & { file: string } {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `sqlite-${size}-${datasetKey(size)}.db`);
  const meta = `${file}.json`;
  if (existsSync(file) && existsSync(meta))
    return { file, ...(JSON.parse(readFileSync(meta, 'utf8')) as Dataset) };
  const building = `${file}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  log(`seeding SQLite ${size}…`);
  const seedMs = seed(`sqlite:${building}`, size);
  const db = new SQLite(building);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.close();
  copyFileSync(building, file);
  rmSync(building, { force: true });
  const dataset = { seedMs, bytes: statSync(file).size };
  writeFileSync(meta, JSON.stringify(dataset));
  log(`SQLite ${size}: seeded in ${(seedMs / 1000).toFixed(1)} s, ${(dataset.bytes / 1e6).toFixed(0)} MB`);
  return { file, ...dataset };
}

function pgUrlFor(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.pathname = `/${database}`;
  return url.toString();
}

async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const RUN_DB = 'relance_bench_run';

/** A template database per size and key, seeded once; each run works on a copy. */
async function postgresDataset(size: SizeName): Promise<Dataset & { url: string }> {
  mkdirSync(CACHE, { recursive: true });
  const key = datasetKey(size);
  const template = `relance_bench_${size}_${key}`;
  const meta = join(CACHE, `postgres-${size}-${key}.json`);
  const exists = await pgAdmin(
    async (c) => (await c.query('select 1 from pg_database where datname = $1', [template])).rowCount === 1,
  );
  let dataset: Dataset;
  if (exists && existsSync(meta)) {
    dataset = JSON.parse(readFileSync(meta, 'utf8')) as Dataset;
  } else {
    const building = `${template}_building`;
    await pgAdmin(async (c) => {
      await c.query(`drop database if exists ${template}`);
      await c.query(`drop database if exists ${building}`);
      await c.query(`create database ${building}`);
    });
    log(`seeding PostgreSQL ${size}…`);
    const seedMs = seed(pgUrlFor(building), size);
    const bytes = await pgAdmin(async (c) => {
      await c.query(`alter database ${building} rename to ${template}`);
      const r = await c.query('select pg_database_size($1) as n', [template]);
      return Number(r.rows[0].n);
    });
    dataset = { seedMs, bytes };
    writeFileSync(meta, JSON.stringify(dataset));
    log(`PostgreSQL ${size}: seeded in ${(seedMs / 1000).toFixed(1)} s, ${(bytes / 1e6).toFixed(0)} MB`);
  }
  await pgAdmin(async (c) => {
    await c.query(`drop database if exists ${RUN_DB}`);
    await c.query(`create database ${RUN_DB} template ${template}`);
  });
  return { ...dataset, url: pgUrlFor(RUN_DB) };
}

async function cleanCaches(): Promise<void> {
  rmSync(CACHE, { recursive: true, force: true });
  if (process.env.DATABASE_URL?.startsWith('postgres'))
    await pgAdmin(async (c) => {
      const r = await c.query("select datname from pg_database where datname like 'relance\\_bench\\_%'");
      for (const row of r.rows) await c.query(`drop database if exists ${row.datname}`);
    });
  git(['worktree', 'prune']); // (first: a worktree whose directory is gone cannot be removed)
  for (const tree of revisionTrees()) git(['worktree', 'remove', '--force', tree]);
  log('removed the cached data sets and the worktrees of --against');
}

// ---------------------------------------------------------------------------------------------------------
// The server

function serverEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    RELANCE_SECRET: 'bench-secret-0123456789abcdef',
    RELANCE_ADMIN_PASSWORD: ADMIN_PASSWORD,
  };
}

/** The current sources' server (`npm start`'s), or another build's bundle. */
const CURRENT = join(REPO, 'bin/relance.mjs');

async function startServer(databaseUrl: string, script = CURRENT): Promise<ServerProcess> {
  return startServerProcess([script], {
    cwd: REPO,
    env: serverEnv(databaseUrl),
    timeoutMs: 120_000,
  });
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc (Linux). */
function cpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of /proc/PID/stat (utime, stime), in clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Peak resident set size of a process, from /proc (Linux). */
function peakRss(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sessions, ids, measurements

async function logIn(base: string, login: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    body: new URLSearchParams({ login, password: BULK_PASSWORD, next: '/' }),
    redirect: 'manual',
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 303 || !cookie) throw new Error(`login as ${login} failed: HTTP ${res.status}`);
  return cookie.split(';')[0] as string;
}

function createToken(databaseUrl: string): string {
  return execFileSync(
    process.execPath,
    [join(REPO, 'bin/relance.mjs'), 'token', 'create', '--login', MANAGER, '--name', 'bench'],
    { cwd: REPO, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
  ).trim();
}

interface Auths {
  manager: string;
  sales: string;
  token: string;
}

function headersFor(auth: Scenario['auth'], a: Auths): Record<string, string> {
  if (auth === 'token') return { authorization: `Bearer ${a.token}`, accept: 'application/json' };
  return { cookie: auth === 'sales' ? a.sales : a.manager, accept: 'text/html' };
}

async function api<T>(base: string, token: string, path: string): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /api/v1${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

async function findIds(base: string, token: string): Promise<BenchIds> {
  // A typical order: the one of the 100th newest follow-up, with its customer.
  const recent = await api<ListPage<{ orderId: number; customerId: number }>>(
    base,
    token,
    '/followups?limit=100',
  );
  const pick = recent.items[recent.items.length - 1];
  if (!pick) throw new Error('the data set has no follow-ups');
  const orders = await api<ListPage<{ id: number }>>(base, token, '/orders?limit=200&due=due');
  let cursor: string | null = null;
  let deepPage = 1;
  for (let page = 1; page < 1000; page++) {
    const p: ListPage<unknown> = await api(
      base,
      token,
      `/followups?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
    deepPage = page + 1;
  }
  return {
    orderId: pick.orderId,
    customerId: pick.customerId,
    deepCursor: cursor ?? '',
    deepPage,
    writeOrderIds: orders.items.map((o) => o.id),
    // The bulk seed ends each note with "(orderId-k)": this text is in one note, and its trigrams in a few.
    rareText: `(${pick.orderId}-0)`,
    commonText: 'comptable',
  };
}

interface Measured {
  latencies: number[];
  rps: number;
  requests: number;
  errors: number;
}

interface Load {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: () => string;
  seconds: number;
  connections: number;
  rate?: number;
}

async function run(load: Load): Promise<Measured> {
  const latencies: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        connections: load.connections,
        duration: load.seconds,
        ...(load.rate ? { overallRate: load.rate } : {}),
        requests: [
          {
            method: load.method,
            headers: load.body ? { ...load.headers, 'content-type': 'application/json' } : load.headers,
            ...(load.body ? { setupRequest: (req) => ({ ...req, body: load.body?.() }) } : {}),
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 400) errors++;
      latencies.push(responseTime);
    });
  });
  const seconds = Math.max(result.duration, 0.001);
  return {
    latencies,
    rps: latencies.length / seconds,
    requests: latencies.length,
    errors: errors + result.errors + result.timeouts,
  };
}

function writeBody(ids: BenchIds): () => string {
  let n = 0;
  const nextAt = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  return () => {
    const orderId = ids.writeOrderIds[n++ % Math.max(1, ids.writeOrderIds.length)] ?? ids.orderId;
    return JSON.stringify({ orderId, channel: 'phone', note: `Relance de test ${n}`, nextAt });
  };
}

async function measureScenario(
  base: string,
  pid: number | undefined,
  sc: Scenario,
  ids: BenchIds,
  auths: Auths,
): Promise<ScenarioResult> {
  const url = base + sc.path(ids);
  const headers = headersFor(sc.auth, auths);
  const empty = { p50: 0, p95: 0, p99: 0, rps: 0, requests: 0, errors: 0 };
  if (sc.method === 'GET') {
    const probe = await fetch(url, { headers, redirect: 'manual' });
    await probe.arrayBuffer();
    if (probe.status === 404) return { id: sc.id, kind: sc.kind, available: false, ...empty };
    if (probe.status !== 200)
      return { id: sc.id, kind: sc.kind, available: true, ...empty, errors: 1, note: `HTTP ${probe.status}` };
  }
  const writer = (seconds: number, rate?: number): Load => ({
    url: `${base}/api/v1/followups`,
    method: 'POST',
    headers: headersFor('token', auths),
    body: writeBody(ids),
    seconds,
    connections: rate ? 4 : CONNECTIONS,
    ...(rate ? { rate } : {}),
  });
  const reader = (seconds: number): Load => ({
    url,
    method: 'GET',
    headers,
    seconds,
    connections: CONNECTIONS,
  });
  const measured = async (load: Load) => {
    const before = cpuMs(pid);
    const m = await run(load);
    const after = cpuMs(pid);
    const cpu =
      before !== null && after !== null && m.requests > 0 ? (after - before) / m.requests : undefined;
    return { ...m, cpu };
  };
  if (sc.kind === 'write') {
    await run(writer(WARMUP));
    const m = await measured(writer(DURATION));
    return { id: sc.id, kind: sc.kind, available: true, ...summarise(m.latencies), ...pick(m), cpuMs: m.cpu };
  }
  if (sc.kind === 'mixed') {
    await run(reader(WARMUP));
    const [reads, writes] = await Promise.all([run(reader(DURATION)), run(writer(DURATION, WRITE_RATE))]);
    return {
      id: sc.id,
      kind: sc.kind,
      available: true,
      ...summarise(reads.latencies),
      rps: writes.rps,
      requests: reads.requests,
      errors: reads.errors + writes.errors,
    };
  }
  await run(reader(WARMUP));
  const m = await measured(reader(DURATION));
  return { id: sc.id, kind: sc.kind, available: true, ...summarise(m.latencies), ...pick(m), cpuMs: m.cpu };
}

const pick = (m: Measured) => ({ rps: m.rps, requests: m.requests, errors: m.errors });

// ---------------------------------------------------------------------------------------------------------
// One data set on one database

async function benchOne(db: DbKind, size: SizeName, script = CURRENT): Promise<RunResult> {
  let databaseUrl: string;
  let dataset: Dataset;
  let workFile: string | null = null;
  if (db === 'sqlite') {
    const d = sqliteDataset(size);
    dataset = d;
    workFile = join(CACHE, `run-${size}.db`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(workFile + suffix, { force: true });
    copyFileSync(d.file, workFile);
    databaseUrl = `sqlite:${workFile}`;
  } else {
    const d = await postgresDataset(size);
    dataset = d;
    databaseUrl = d.url;
  }
  const token = createToken(databaseUrl);
  const server = await startServer(databaseUrl, script);
  log(`${db} ${size}: server pid ${server.pid} on ${server.base}${script === CURRENT ? '' : ` (${script})`}`);
  const mb = (bytes: number | null) => Math.round((bytes ?? 0) / 2 ** 20);
  const scenarios: ScenarioResult[] = [];
  let rss: number | null = null;
  try {
    const auths: Auths = {
      manager: await logIn(server.base, MANAGER),
      sales: await logIn(server.base, SALES),
      token,
    };
    const ids = await findIds(server.base, token);
    rss = peakRss(server.pid);
    log(`${db} ${size}: peak RSS after start and log-ins ${mb(rss)} MB`);
    log(`${db} ${size}: order ${ids.orderId}, customer ${ids.customerId}, deep page ${ids.deepPage}`);
    const only = args.only?.split(',');
    for (const sc of SCENARIOS) {
      if (only && !only.includes(sc.id)) continue;
      const r = await measureScenario(server.base, server.pid, sc, ids, auths);
      if (sc.id === 'followups-deep' && ids.deepPage < 1000) r.note = `page ${ids.deepPage} (the last)`;
      scenarios.push(r);
      rss = peakRss(server.pid);
      log(
        `${db} ${size} ${sc.id}: ${r.available ? `p50 ${r.p50.toFixed(2)} p95 ${r.p95.toFixed(2)} p99 ${r.p99.toFixed(2)} ms, ${Math.round(r.rps)}/s${r.cpuMs !== undefined ? `, server CPU ${r.cpuMs.toFixed(2)} ms/req` : ''}${r.errors ? `, ${r.errors} errors` : ''}` : 'not available'}; server peak RSS so far ${mb(rss)} MB`,
      );
    }
  } finally {
    await server.stop();
    if (workFile) for (const suffix of ['', '-wal', '-shm']) rmSync(workFile + suffix, { force: true });
    if (db === 'postgres') await pgAdmin((c) => c.query(`drop database if exists ${RUN_DB}`));
  }
  return {
    db,
    size,
    data: DATA_SIZES[size],
    seedMs: dataset.seedMs,
    dbBytes: dataset.bytes,
    peakRssBytes: rss,
    scenarios,
  };
}

// ---------------------------------------------------------------------------------------------------------
// --against: two builds side by side

const git = (gitArgs: string[]) => execFileSync('git', gitArgs, { cwd: REPO, encoding: 'utf8' }).trim();
const TREE_PREFIX = 'relance-bench-';

/** The worktrees --against made (under the system's temporary directory). */
function revisionTrees(): string[] {
  return git(['worktree', 'list', '--porcelain'])
    .split('\n')
    .filter((l) => l.startsWith('worktree ') && l.includes(TREE_PREFIX))
    .map((l) => l.slice('worktree '.length));
}

/** REV's bundle: its sources checked out in a worktree (kept for the next run), built there. */
function revisionBundle(rev: string): { label: string; script: string } {
  const sha = git(['rev-parse', '--short=10', `${rev}^{commit}`]);
  const tree = join(os.tmpdir(), `${TREE_PREFIX}${sha}`);
  const script = join(tree, 'dist', 'relance.mjs');
  if (!existsSync(script)) {
    if (existsSync(tree)) git(['worktree', 'remove', '--force', tree]);
    git(['worktree', 'add', '--detach', tree, sha]);
    // (Its dependencies are the current ones: a revision with other packages needs its own install.)
    symlinkSync(join(REPO, 'node_modules'), join(tree, 'node_modules'));
    log(`building ${rev} (${sha}) in ${tree}`);
    execFileSync(process.execPath, [join(tree, 'scripts/build.mjs')], { cwd: tree, stdio: 'inherit' });
  }
  return { label: `${rev} (${sha})`, script };
}

async function sideBySide(rev: string): Promise<number> {
  const builds = [revisionBundle(rev), { label: 'current sources', script: CURRENT }];
  const rounds = Math.max(1, Number(args.rounds ?? 3));
  const table = [
    `Side by side (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC): ${builds.map((b) => b.label).join(' against ')}, ${rounds} rounds in turns, ${CONNECTIONS} connections, ${WARMUP} s warm-up then ${DURATION} s per request.`,
    '',
    '| request | build | round | p50 / p95 / p99 | throughput | server CPU per request |',
    '| --- | --- | ---: | --- | ---: | ---: |',
  ];
  const results: { key: string; build: string; round: number; r: ScenarioResult }[] = [];
  for (const db of parseDbs())
    for (const size of parseSizes())
      for (let round = 1; round <= rounds; round++)
        for (const build of builds) {
          const run = await benchOne(db, size, build.script);
          for (const r of run.scenarios)
            results.push({ key: `${db} ${size} ${r.id}`, build: build.label, round, r });
        }
  const keys = [...new Set(results.map((x) => x.key))];
  for (const key of keys)
    for (const build of builds)
      for (const { round, r } of results.filter((x) => x.key === key && x.build === build.label))
        table.push(
          `| ${key} | ${build.label} | ${round} | ${r.p50.toFixed(1)} / ${r.p95.toFixed(1)} / ${r.p99.toFixed(1)} ms | ${Math.round(r.rps)}/s | ${r.cpuMs === undefined ? '' : `${r.cpuMs.toFixed(2)} ms`} |`,
        );
  const text = `${table.join('\n')}\n`;
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(join(CACHE, 'side-by-side.md'), text);
  process.stdout.write(text);
  return 0;
}

// ---------------------------------------------------------------------------------------------------------

function sqliteVersion(): string {
  const db = new SQLite(':memory:');
  const v = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  db.close();
  return v;
}

async function postgresVersion(): Promise<string | null> {
  if (!process.env.DATABASE_URL?.startsWith('postgres')) return null;
  return pgAdmin(async (c) => String((await c.query('show server_version')).rows[0].server_version));
}

const loadAverage = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');

interface SavedRun {
  date: string;
  machine: string[];
  conditions: string[];
  runs: RunResult[];
}

const LAST_RESULTS = join(CACHE, 'last-results.json');

function writeReport(saved: SavedRun, outcomes: ReturnType<typeof checkBudgets>): void {
  const notesFile = join(REPO, 'tests/perf/report-notes.md');
  const report = renderReport({
    ...saved,
    ...(existsSync(notesFile) ? { notes: readFileSync(notesFile, 'utf8') } : {}),
    scenarios: SCENARIOS,
    outcomes,
  });
  writeFileSync(resolve(REPO, args.out), report);
  log(`wrote ${args.out}`);
}

/** --report-only: docs/perf.md again from the last run's results (after editing the notes, say). */
function rewriteReport(): number {
  if (!existsSync(LAST_RESULTS)) throw new Error(`no results yet: ${LAST_RESULTS} is missing`);
  const saved = JSON.parse(readFileSync(LAST_RESULTS, 'utf8')) as SavedRun;
  const outcomes = checkBudgets(saved.runs);
  writeReport(saved, outcomes);
  return exitCodeOf(outcomes);
}

async function main(): Promise<number> {
  if (args.clean) {
    await cleanCaches();
    return 0;
  }
  if (args['report-only']) return rewriteReport();
  // The server and the seed run as `npm start` runs them: from the bundle of the current sources.
  execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: 'inherit' });
  if (args.against) return sideBySide(args.against);
  const sizes = parseSizes();
  const dbs = parseDbs();
  const started = Date.now();
  const loadBefore = loadAverage();
  const runs: RunResult[] = [];
  for (const db of dbs) for (const size of sizes) runs.push(await benchOne(db, size));
  const outcomes = checkBudgets(runs);
  const cpu = os.cpus();
  const pgVersion = await postgresVersion();
  const machine = [
    `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`,
    `Node ${process.version}, SQLite ${sqliteVersion()}${pgVersion ? `, PostgreSQL ${pgVersion}` : ''}`,
    `Server: \`relance serve\` from the bundle \`npm start\` runs (dist/relance.mjs), one process, NODE_ENV=production; load tool: autocannon in the same machine, ${CONNECTIONS} connections, ${WARMUP} s warm-up then ${DURATION} s per request; writes add follow-ups to 200 due orders in turn; the mixed run writes ~${WRITE_RATE}/s on 4 connections`,
  ];
  const conditions = [
    `Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAverage()}; the run took ${((Date.now() - started) / 60_000).toFixed(1)} min`,
    ...(args.note ?? []),
  ];
  const date = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const saved: SavedRun = { date, machine, conditions, runs };
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(LAST_RESULTS, JSON.stringify(saved, null, 2));
  if (!args['no-report']) writeReport(saved, outcomes);
  for (const o of outcomes)
    if (o.ok !== true)
      log(`${o.ok === null ? 'not checked' : 'MISSED'}: ${o.budget} — ${o.subject}: ${o.detail}`);
  const code = exitCodeOf(outcomes);
  log(code === 0 ? 'every checked budget is met' : 'some budgets are missed');
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
