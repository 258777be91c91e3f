// The budgets of issue 4, checked on benchmark results: pure, so that it is unit-tested with tiny inputs.
import type { BudgetOutcome, DbKind, RunResult, ScenarioResult } from './bench-types.ts';

export const BUDGETS = {
  /** Every read at 1M follow-ups on SQLite. */
  readP95Ms: 10,
  readP99Ms: 25,
  dashboardP95Ms: 15,
  /** Every read at 1M on PostgreSQL. */
  postgresP95Ms: 20,
  /** The follow-up list page, requests per second. */
  listRps: 1_200,
  writesPerSecond: 1_000,
  /** Read p99 while a writer adds about 200 follow-ups a second. */
  mixedReadP99Ms: 25,
  /** p95 at 1M within this factor of p95 at 10k. */
  growthFactor: 1.5,
  /** Latencies under this count as this much in the growth ratio: below a millisecond it is noise. */
  growthFloorMs: 1,
  seedMs: 30_000,
  rssBytes: 250_000_000,
} as const;

const ms = (v: number) => `${v.toFixed(1)} ms`;
const isRead = (s: ScenarioResult) => s.kind === 'list' || s.kind === 'read' || s.kind === 'dashboard';

function scenarioOutcomes(db: DbKind, s: ScenarioResult): BudgetOutcome[] {
  const subject = `${db} 1m ${s.id}`;
  if (!s.available) return [{ budget: 'page available', subject, ok: false, detail: 'not available (404)' }];
  const out: BudgetOutcome[] = [];
  if (s.errors > 0)
    out.push({ budget: 'no errors', subject, ok: false, detail: `${s.errors} failed requests` });
  if (isRead(s)) {
    if (db === 'postgres') {
      out.push({
        budget: `p95 ≤ ${BUDGETS.postgresP95Ms} ms (PostgreSQL)`,
        subject,
        ok: s.p95 <= BUDGETS.postgresP95Ms,
        detail: ms(s.p95),
      });
    } else {
      const p95 = s.kind === 'dashboard' ? BUDGETS.dashboardP95Ms : BUDGETS.readP95Ms;
      out.push({ budget: `p95 ≤ ${p95} ms`, subject, ok: s.p95 <= p95, detail: ms(s.p95) });
      out.push({
        budget: `p99 ≤ ${BUDGETS.readP99Ms} ms`,
        subject,
        ok: s.p99 <= BUDGETS.readP99Ms,
        detail: ms(s.p99),
      });
    }
  }
  if (db === 'sqlite' && s.kind === 'list')
    out.push({
      budget: `list page ≥ ${BUDGETS.listRps} req/s`,
      subject,
      ok: s.rps >= BUDGETS.listRps,
      detail: `${Math.round(s.rps)} req/s`,
    });
  if (db === 'sqlite' && s.kind === 'write')
    out.push({
      budget: `writes ≥ ${BUDGETS.writesPerSecond}/s`,
      subject,
      ok: s.rps >= BUDGETS.writesPerSecond,
      detail: `${Math.round(s.rps)} follow-ups/s`,
    });
  if (db === 'sqlite' && s.kind === 'mixed')
    out.push({
      budget: `read p99 ≤ ${BUDGETS.mixedReadP99Ms} ms under ~200 writes/s`,
      subject,
      ok: s.p99 <= BUDGETS.mixedReadP99Ms,
      detail: `${ms(s.p99)} (writes: ${Math.round(s.rps)}/s)`,
    });
  return out;
}

/** p95 at 1M within growthFactor of p95 at 10k, for every read measured at both sizes. */
function growthOutcomes(db: DbKind, small: RunResult, large: RunResult): BudgetOutcome[] {
  const out: BudgetOutcome[] = [];
  for (const s of large.scenarios) {
    if (!isRead(s) || !s.available) continue;
    const base = small.scenarios.find((x) => x.id === s.id);
    if (!base?.available) continue;
    const ratio = s.p95 / Math.max(base.p95, BUDGETS.growthFloorMs);
    out.push({
      budget: `p95 at 1M ≤ ${BUDGETS.growthFactor}× p95 at 10k`,
      subject: `${db} ${s.id}`,
      ok: ratio <= BUDGETS.growthFactor,
      detail: `${ms(base.p95)} → ${ms(s.p95)} (×${ratio.toFixed(2)})`,
    });
  }
  return out;
}

export function checkBudgets(runs: readonly RunResult[]): BudgetOutcome[] {
  const out: BudgetOutcome[] = [];
  for (const db of ['sqlite', 'postgres'] as const) {
    const mine = runs.filter((r) => r.db === db);
    if (mine.length === 0) continue;
    const large = mine.find((r) => r.size === '1m');
    if (!large) {
      out.push({ budget: 'budgets at 1M follow-ups', subject: db, ok: null, detail: 'not run at 1M' });
      continue;
    }
    for (const s of large.scenarios) out.push(...scenarioOutcomes(db, s));
    if (db === 'sqlite')
      out.push({
        budget: `bulk seed of 1M ≤ ${BUDGETS.seedMs / 1000} s`,
        subject: `${db} 1m`,
        ok: large.seedMs === null ? null : large.seedMs <= BUDGETS.seedMs,
        detail: large.seedMs === null ? 'not measured' : `${(large.seedMs / 1000).toFixed(1)} s`,
      });
    out.push({
      budget: `server RSS ≤ ${BUDGETS.rssBytes / 1e6} MB`,
      subject: `${db} 1m`,
      ok: large.peakRssBytes === null ? null : large.peakRssBytes <= BUDGETS.rssBytes,
      detail: large.peakRssBytes === null ? 'not measured' : `${(large.peakRssBytes / 1e6).toFixed(0)} MB`,
    });
    const small = mine.find((r) => r.size === '10k');
    if (db === 'sqlite') {
      if (small) out.push(...growthOutcomes(db, small, large));
      else out.push({ budget: 'cost growth', subject: db, ok: null, detail: 'not run at 10k' });
    }
  }
  return out;
}

/** The exit code of the benchmark: 1 when a budget that could be checked was missed. */
export const exitCodeOf = (outcomes: readonly BudgetOutcome[]): number =>
  outcomes.some((o) => o.ok === false) ? 1 : 0;
