// CSV imports of customers, orders and follow-ups: read the file, check every line, then write all of it in
// one transaction or nothing at all, and say what happened (counts, or every rejected line).
import { type Actor, ensure, type Permission } from '../../auth/permissions.ts';
import { type Core, nowIso } from '../../core.ts';
import { reanalyzeGrownTables } from '../../db/migrator.ts';
import { isUniqueViolation } from '../../shared/db-errors.ts';
import { AppError } from '../../shared/errors.ts';
import { CsvSyntaxError, readCsv } from './csv-read.ts';
import { importCustomers } from './customer-import.ts';
import { importFollowups } from './followup-import.ts';
import {
  type CustomerField,
  type FollowupField,
  type ImportKind,
  mapHeader,
  type OrderField,
} from './import-columns.ts';
import type { ImportProgress, ImportReport } from './import-report.ts';
import type { ImportEnv, ImportOutcome } from './import-support.ts';
import { importOrders } from './order-import.ts';

export interface ImportOptions {
  /** external_source for externalId values (default `csv`): the system the ids come from. */
  source?: string;
  progress?: ImportProgress;
}

const permissionOf: Record<ImportKind, Permission> = {
  customers: 'write:customer',
  orders: 'write:order',
  // A file names who made each follow-up: recording on behalf of others.
  followups: 'create:followup:on-behalf',
};

/** Imports a CSV file. `actor` null means the command line. Rejected lines are in the report, not thrown. */
export async function importCsv(
  core: Core,
  actor: Actor | null,
  kind: ImportKind,
  bytes: Uint8Array,
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (actor) ensure(actor, permissionOf[kind], `Your role cannot import ${kind}`);
  const source = options.source?.trim() || 'csv';
  if (!/^[a-z][a-z0-9_-]{0,29}$/.test(source))
    throw new AppError('bad_request', 'The source must be a short lower-case name such as csv or dolibarr');
  const report: ImportReport = {
    kind,
    encoding: null,
    delimiter: null,
    lines: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
  };

  let file: ReturnType<typeof readCsv>;
  try {
    file = readCsv(bytes);
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    report.rejected.push({
      line: err.line,
      column: '',
      code: 'csv_syntax',
      message: err.message,
      params: {},
    });
    return report;
  }
  Object.assign(report, { encoding: file.encoding, delimiter: file.delimiter, lines: file.rows.length });
  if (file.header.every((h) => h === '')) {
    report.rejected.push({
      line: 1,
      column: '',
      code: 'empty_file',
      message: 'The file is empty: its first line must name the columns',
      params: {},
    });
    return report;
  }

  const env: ImportEnv = { core, actor, source, progress: options.progress ?? (() => {}), at: nowIso(core) };
  let outcome: ImportOutcome;
  try {
    outcome = await runKind(env, kind, file);
  } catch (err) {
    // Another writer took a code or ref between our check and our write: nothing was written.
    if (isUniqueViolation(err))
      throw new AppError(
        'conflict',
        'A code, ref or external id was taken while importing; nothing was written, try again',
      );
    throw err;
  }
  if (outcome.rejected.length) report.rejected = outcome.rejected;
  else if ('created' in outcome) {
    Object.assign(report, {
      created: outcome.created,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
    });
    // SQLite: a large import into a young database leaves the statistics of its nearly empty tables, and
    // the planner's choices with them, until the next start (decision 0400): refresh them now.
    if (core.database.dialect === 'sqlite' && outcome.created >= REANALYZE_AFTER_ROWS)
      await reanalyzeGrownTables(core.database.db);
  }
  return report;
}

/** How many new rows make an import look again at SQLite's statistics (PRAGMA optimize; a no-op if unneeded). */
const REANALYZE_AFTER_ROWS = 1_000;

async function runKind(
  env: ImportEnv,
  kind: ImportKind,
  file: ReturnType<typeof readCsv>,
): Promise<ImportOutcome> {
  const headerProblems = (problems: ReturnType<typeof mapHeader>['problems']): ImportOutcome => ({
    rejected: problems.map((p) => ({
      line: 1,
      column: p.column,
      code: p.code,
      message: p.message,
      params: p.params,
    })),
  });
  switch (kind) {
    case 'customers': {
      const map = mapHeader<CustomerField>(kind, file.header);
      return map.problems.length ? headerProblems(map.problems) : importCustomers(env, file, map);
    }
    case 'orders': {
      const map = mapHeader<OrderField>(kind, file.header);
      return map.problems.length ? headerProblems(map.problems) : importOrders(env, file, map);
    }
    case 'followups': {
      const map = mapHeader<FollowupField>(kind, file.header);
      return map.problems.length ? headerProblems(map.problems) : importFollowups(env, file, map);
    }
  }
}
