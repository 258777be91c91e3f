// The markdown report of the benchmark (docs/perf.md): pure, so that it is unit-tested with tiny inputs.
import type { BudgetOutcome, DbKind, RunResult, ScenarioResult, SizeName } from './bench-types.ts';
import { SIZE_ORDER } from './bench-types.ts';

export interface ScenarioInfo {
  id: string;
  label: string;
  /** Dolibarr 23.0.1's figure for the closest page, as issue 4 gives it (median, same data and machine size). */
  dolibarr?: string;
}

export interface ReportInput {
  date: string;
  /** Hand-written notes appended under "Notes" (tests/perf/report-notes.md). */
  notes?: string;
  machine: string[];
  conditions: string[];
  scenarios: readonly ScenarioInfo[];
  runs: readonly RunResult[];
  outcomes: readonly BudgetOutcome[];
}

const DB_TITLES: Record<DbKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 1e6).toFixed(0)} MB`);

export function cell(s: ScenarioResult | undefined): string {
  if (!s) return '—';
  if (!s.available) return 'not available';
  const rate = s.kind === 'write' ? 'writes/s' : 'req/s';
  const head =
    s.kind === 'write'
      ? `${thousands(s.rps)} ${rate} (p50 ${fmt(s.p50)} / p95 ${fmt(s.p95)} / p99 ${fmt(s.p99)} ms)`
      : s.kind === 'mixed'
        ? `reads ${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)} ms with ${thousands(s.rps)} writes/s`
        : `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)} ms · ${thousands(s.rps)} ${rate}`;
  const cpu = s.cpuMs === undefined ? '' : ` · CPU ${fmt(s.cpuMs)} ms`;
  return s.errors > 0 ? `${head}${cpu} · **${s.errors} errors**` : `${head}${cpu}`;
}

function dataTable(runs: readonly RunResult[]): string[] {
  const lines = [
    '| database | set | customers | orders | follow-ups | seed (wall) | database size | server peak RSS |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of runs)
    lines.push(
      `| ${DB_TITLES[r.db]} | ${r.size} | ${thousands(r.data.customers)} | ${thousands(r.data.orders)} | ${thousands(r.data.followups)} | ${r.seedMs === null ? '—' : `${(r.seedMs / 1000).toFixed(1)} s`} | ${mb(r.dbBytes)} | ${mb(r.peakRssBytes)} |`,
    );
  return lines;
}

function resultsTable(db: DbKind, runs: readonly RunResult[], scenarios: readonly ScenarioInfo[]): string[] {
  const sizes = SIZE_ORDER.filter((s) => runs.some((r) => r.size === s));
  const bySize = new Map<SizeName, RunResult>(runs.map((r) => [r.size, r]));
  const lines = [
    `### ${DB_TITLES[db]}`,
    '',
    "Latency p50 / p95 / p99, throughput, and the server's CPU time per request (user + system, from /proc: what the request costs whatever else runs on the machine); Dolibarr 23.0.1 (MariaDB, 20k third parties, 100k orders, 1M events) beside ours.",
    '',
    `| request | Dolibarr (median) | ${sizes.map((s) => `${s} follow-ups`).join(' | ')} |`,
    `| --- | --- | ${sizes.map(() => '---').join(' | ')} |`,
  ];
  for (const sc of scenarios) {
    const cells = sizes.map((s) => cell(bySize.get(s)?.scenarios.find((x) => x.id === sc.id)));
    if (cells.every((c) => c === '—')) continue;
    lines.push(`| ${sc.label} | ${sc.dolibarr ?? ''} | ${cells.join(' | ')} |`);
  }
  return lines;
}

function budgetTable(outcomes: readonly BudgetOutcome[]): string[] {
  const mark = (ok: boolean | null) => (ok === null ? '— not checked' : ok ? '✅ met' : '❌ missed');
  const lines = ['| budget | on | result | measured |', '| --- | --- | --- | --- |'];
  for (const o of outcomes) lines.push(`| ${o.budget} | ${o.subject} | ${mark(o.ok)} | ${o.detail} |`);
  return lines;
}

export function renderReport(input: ReportInput): string {
  const missed = input.outcomes.filter((o) => o.ok === false).length;
  const checked = input.outcomes.filter((o) => o.ok !== null).length;
  const dbs = (['sqlite', 'postgres'] as const).filter((d) => input.runs.some((r) => r.db === d));
  const out = [
    '# Performance',
    '',
    `Measured by \`npm run bench\` (tests/perf/bench.ts) on ${input.date}. Budgets from issue 4:` +
      ` ${checked - missed} of ${checked} checked budgets met${missed ? `, **${missed} missed**` : ''}.`,
    '',
    '## Machine and conditions',
    '',
    ...input.machine.map((m) => `- ${m}`),
    ...input.conditions.map((c) => `- ${c}`),
    '',
    '## Data sets',
    '',
    ...dataTable(input.runs),
    '',
    '## Results',
    '',
  ];
  for (const db of dbs) {
    out.push(
      ...resultsTable(
        db,
        input.runs.filter((r) => r.db === db),
        input.scenarios,
      ),
      '',
    );
  }
  out.push('## Budgets', '', ...budgetTable(input.outcomes), '');
  if (input.notes) out.push('## Notes', '', input.notes.trim(), '');
  return out.join('\n');
}
