// Shapes shared by the benchmark's runner, budget checker and report writer (npm run bench).

export type DbKind = 'sqlite' | 'postgres';
export type SizeName = '10k' | '100k' | '1m';

export interface DataSize {
  customers: number;
  orders: number;
  followups: number;
  users: number;
}

/** 20k customers and 100k orders at 1M follow-ups, scaled down with the follow-ups for the smaller sets. */
export const DATA_SIZES: Record<SizeName, DataSize> = {
  '10k': { customers: 200, orders: 1_000, followups: 10_000, users: 20 },
  '100k': { customers: 2_000, orders: 10_000, followups: 100_000, users: 20 },
  '1m': { customers: 20_000, orders: 100_000, followups: 1_000_000, users: 20 },
};

export const SIZE_ORDER: SizeName[] = ['10k', '100k', '1m'];

/** What a scenario measures, which decides the budgets that apply to it. */
export type ScenarioKind = 'list' | 'read' | 'dashboard' | 'write' | 'mixed';

export interface ScenarioResult {
  id: string;
  kind: ScenarioKind;
  /** False when the page answered 404 (not built yet): reported as "not available". */
  available: boolean;
  /** Latency percentiles in milliseconds (for `mixed`: of the reads, under the write load). */
  p50: number;
  p95: number;
  p99: number;
  /** Completed requests per second (for `mixed`: the writes per second achieved alongside). */
  rps: number;
  requests: number;
  /** Responses that were neither 2xx nor the expected redirect, plus socket errors and timeouts. */
  errors: number;
  /** Server CPU time per request (user + system), in ms: what a quiet machine would pay, load aside. */
  cpuMs?: number | undefined;
  note?: string | undefined;
}

export interface RunResult {
  db: DbKind;
  size: SizeName;
  data: DataSize;
  /** Wall time of `relance seed` for this data set, when it was built (cached sets keep their time). */
  seedMs: number | null;
  dbBytes: number | null;
  /** The server's peak resident set (VmHWM) after the run. */
  peakRssBytes: number | null;
  scenarios: ScenarioResult[];
}

export interface BudgetOutcome {
  /** The budget, as the issue words it. */
  budget: string;
  /** What it was checked on (database, size, scenario). */
  subject: string;
  /** True met, false missed; null when it could not be checked (size or database not run). */
  ok: boolean | null;
  detail: string;
}
