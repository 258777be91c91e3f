// The benchmark's budget checker and report writer, on tiny hand-made results (no timing involved).
import { describe, expect, it } from 'vitest';
import { DATA_SIZES, type RunResult, type ScenarioResult } from './bench-types.ts';
import { BUDGETS, checkBudgets, exitCodeOf } from './budgets.ts';
import { cell, renderReport } from './report.ts';
import { percentile, summarise } from './stats.ts';

const scenario = (over: Partial<ScenarioResult> & Pick<ScenarioResult, 'id' | 'kind'>): ScenarioResult => ({
  available: true,
  p50: 1,
  p95: 2,
  p99: 3,
  rps: 2_000,
  requests: 10_000,
  errors: 0,
  ...over,
});

const run = (over: Partial<RunResult> & Pick<RunResult, 'db' | 'size'>): RunResult => ({
  data: DATA_SIZES[over.size],
  seedMs: 20_000,
  dbBytes: 500e6,
  peakRssBytes: 150e6,
  scenarios: [],
  ...over,
});

const goodScenarios = (): ScenarioResult[] => [
  scenario({ id: 'followups-page1', kind: 'list' }),
  scenario({ id: 'order-followups', kind: 'read' }),
  scenario({ id: 'dashboard-manager', kind: 'dashboard', p95: 12 }),
  scenario({ id: 'write', kind: 'write', rps: 1_500 }),
  scenario({ id: 'mixed', kind: 'mixed', p99: 20, rps: 199 }),
];

describe('percentiles', () => {
  it('takes the nearest rank, so p95 of 1..100 is 95 and p50 of four values is the second', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it('sorts unsorted samples before summarising them', () => {
    expect(summarise([5, 1, 4, 2, 3])).toEqual({ p50: 3, p95: 5, p99: 5 });
  });
});

describe('budgets of issue 4', () => {
  it('passes a run that meets every budget, and exits 0', () => {
    const outcomes = checkBudgets([
      run({ db: 'sqlite', size: '10k', scenarios: goodScenarios() }),
      run({ db: 'sqlite', size: '1m', scenarios: goodScenarios() }),
    ]);
    expect(outcomes.filter((o) => o.ok !== true)).toEqual([]);
    expect(exitCodeOf(outcomes)).toBe(0);
  });

  it('names each missed budget: slow reads, slow dashboard, low throughput, slow writes, big server, slow seed', () => {
    const scenarios = [
      scenario({ id: 'followups-page1', kind: 'list', p95: 11, rps: 900 }),
      scenario({ id: 'order-followups', kind: 'read', p99: 26 }),
      scenario({ id: 'dashboard-manager', kind: 'dashboard', p95: 16 }),
      scenario({ id: 'write', kind: 'write', rps: 800 }),
      scenario({ id: 'mixed', kind: 'mixed', p99: 30 }),
    ];
    const outcomes = checkBudgets([
      run({ db: 'sqlite', size: '1m', scenarios, seedMs: 31_000, peakRssBytes: 300e6 }),
    ]);
    const missed = outcomes.filter((o) => o.ok === false).map((o) => `${o.subject}: ${o.budget}`);
    expect(missed).toEqual([
      'sqlite 1m followups-page1: p95 ≤ 10 ms',
      'sqlite 1m followups-page1: list page ≥ 1200 req/s',
      'sqlite 1m order-followups: p99 ≤ 25 ms',
      'sqlite 1m dashboard-manager: p95 ≤ 15 ms',
      'sqlite 1m write: writes ≥ 1000/s',
      'sqlite 1m mixed: read p99 ≤ 25 ms under ~200 writes/s',
      'sqlite 1m: bulk seed of 1M ≤ 30 s',
      'sqlite 1m: server RSS ≤ 250 MB',
    ]);
    expect(exitCodeOf(outcomes)).toBe(1);
  });

  it('checks the growth from 10k to 1M, counting latencies under a millisecond as one', () => {
    const at10k = [
      scenario({ id: 'order-followups', kind: 'read', p95: 0.4 }),
      scenario({ id: 'followups-page1', kind: 'list', p95: 2 }),
    ];
    const at1m = [
      scenario({ id: 'order-followups', kind: 'read', p95: 1.4 }),
      scenario({ id: 'followups-page1', kind: 'list', p95: 3.2 }),
    ];
    const growth = checkBudgets([
      run({ db: 'sqlite', size: '10k', scenarios: at10k }),
      run({ db: 'sqlite', size: '1m', scenarios: at1m }),
    ]).filter((o) => o.budget.startsWith('p95 at 1M'));
    expect(growth.map((o) => [o.subject, o.ok])).toEqual([
      ['sqlite order-followups', true],
      ['sqlite followups-page1', false],
    ]);
    expect(BUDGETS.growthFactor).toBe(1.5);
  });

  it('holds PostgreSQL to p95 ≤ 20 ms and reports a page that answered 404 as not available', () => {
    const outcomes = checkBudgets([
      run({
        db: 'postgres',
        size: '1m',
        scenarios: [
          scenario({ id: 'followups-page1', kind: 'list', p95: 19, p99: 40, rps: 900 }),
          scenario({ id: 'customer-followups', kind: 'read', available: false }),
        ],
      }),
    ]);
    expect(outcomes.filter((o) => o.ok === false).map((o) => o.detail)).toEqual(['not available (404)']);
  });

  it('says what it could not check rather than passing it', () => {
    const outcomes = checkBudgets([run({ db: 'sqlite', size: '10k', scenarios: goodScenarios() })]);
    expect(outcomes).toEqual([
      { budget: 'budgets at 1M follow-ups', subject: 'sqlite', ok: null, detail: 'not run at 1M' },
    ]);
    expect(exitCodeOf(outcomes)).toBe(0);
  });
});

describe('report', () => {
  it('shows latencies, throughput and errors in a cell, and "not available" for a missing page', () => {
    expect(cell(scenario({ id: 'x', kind: 'read', p50: 0.8, p95: 1.25, p99: 12.5, rps: 2345.6 }))).toBe(
      '0.80 / 1.25 / 12.5 ms · 2,346 req/s',
    );
    expect(cell(scenario({ id: 'x', kind: 'read', available: false }))).toBe('not available');
    expect(cell(scenario({ id: 'w', kind: 'write', rps: 1200, errors: 3 }))).toBe(
      '1,200 writes/s (p50 1.00 / p95 2.00 / p99 3.00 ms) · **3 errors**',
    );
    expect(cell(undefined)).toBe('—');
    expect(cell(scenario({ id: 'x', kind: 'list', cpuMs: 0.456 }))).toBe(
      '1.00 / 2.00 / 3.00 ms · 2,000 req/s · CPU 0.46 ms',
    );
  });

  it('writes machine, data sets, one table per database with Dolibarr beside ours, and the budgets', () => {
    const runs = [
      run({ db: 'sqlite', size: '10k', scenarios: goodScenarios() }),
      run({ db: 'sqlite', size: '1m', scenarios: goodScenarios() }),
    ];
    const md = renderReport({
      date: '2026-12-01 10:00 UTC',
      machine: ['2 cores'],
      conditions: ['quiet machine'],
      scenarios: [
        { id: 'followups-page1', label: 'GET /followups', dolibarr: '479 ms' },
        { id: 'unknown', label: 'never measured' },
      ],
      runs,
      outcomes: checkBudgets(runs),
      notes: 'Measured while other work ran.',
    });
    expect(md).toContain('# Performance');
    expect(md).toContain('- 2 cores');
    expect(md).toContain('- quiet machine');
    expect(md).toContain('| SQLite | 1m | 20,000 | 100,000 | 1,000,000 | 20.0 s | 500 MB | 150 MB |');
    expect(md).toContain('| request | Dolibarr (median) | 10k follow-ups | 1m follow-ups |');
    expect(md).toContain(
      '| GET /followups | 479 ms | 1.00 / 2.00 / 3.00 ms · 2,000 req/s | 1.00 / 2.00 / 3.00 ms · 2,000 req/s |',
    );
    expect(md).not.toContain('never measured');
    expect(md).toMatch(/\| p95 ≤ 10 ms \| sqlite 1m followups-page1 \| ✅ met \| 2\.0 ms \|/);
    expect(md).not.toContain('PostgreSQL');
    expect(md.trim().endsWith('## Notes\n\nMeasured while other work ran.')).toBe(true);
  });
});
