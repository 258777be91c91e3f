// The Dolibarr sync: imports third parties and customer orders modified since the last run, then (on
// request) pushes new follow-ups back as agenda events. One sync at a time across servers (a lease in the
// database); Dolibarr is read in full before anything is written, so a Dolibarr that fails leaves nothing.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { type Core, nowIso } from '../../core.ts';
import type { Executor } from '../../db/database.ts';
import type { CustomerUpdate, NewCustomerRow } from '../../db/schema/customers.table.ts';
import type { SyncTrigger } from '../../db/schema/dolibarr.table.ts';
import type { NewOrderRow, OrderUpdate } from '../../db/schema/orders.table.ts';
import { AppError } from '../../shared/errors.ts';
import { type AuditEntry, recordAudits } from '../audit/audit.repository.ts';
import { updateCustomer } from '../customers/customer.repository.ts';
import { moveFollowupsToCustomer, updateOrder } from '../orders/order.repository.ts';
import { formatMoney, isOpenStatus } from '../orders/order.service.ts';
import { DolibarrClient, DolibarrError } from './dolibarr.client.ts';
import {
  agendaEventBody,
  apiRootOf,
  type ImportedCustomer,
  type ImportedOrder,
  isSameEvent,
  type Mapped,
  mapOrder,
  mapThirdParty,
  modifiedSinceDay,
  modifiedSinceFilter,
} from './dolibarr.mapping.ts';
import * as repo from './dolibarr.repository.ts';

export interface SyncOptions {
  /** The Dolibarr address (browser or API root). */
  url: string;
  key: string;
  push?: boolean;
  /** Ignore the saved progress and read everything again. */
  full?: boolean;
  trigger: SyncTrigger;
  /** Items per Dolibarr page, and per write transaction; default 100. */
  pageSize?: number;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  /** How long the lease lasts without renewal; default 5 minutes. */
  leaseMs?: number;
  signal?: AbortSignal;
  progress?: (line: string) => void;
}

export interface EntityCounts {
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface SyncIssue {
  entity: 'thirdparty' | 'order' | 'followup';
  /** Dolibarr id (third party, order) or Relance id (follow-up). */
  id: string;
  ref: string | null;
  /** skipped: not imported / not pushed; warning: imported with a change said here. */
  level: 'skipped' | 'warning';
  message: string;
}

export interface SyncReport {
  dolibarr: string;
  version: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** The day from which modifications were asked for, or null for a full read. */
  modifiedFrom: string | null;
  thirdparties: EntityCounts;
  orders: EntityCounts;
  push: { enabled: boolean; created: number; found: number; skipped: number };
  issues: SyncIssue[];
  /** Issues beyond the ones kept in `issues`. */
  moreIssues: number;
  requests: number;
  error: string | null;
}

const MAX_ISSUES = 100;
const KEPT_RUNS = 50;

const counts = (): EntityCounts => ({ fetched: 0, created: 0, updated: 0, unchanged: 0, skipped: 0 });

/** The lease of one run: taken at the start, renewed as the run goes, released at the end. */
class Lease {
  private renewedAt = 0;
  constructor(
    private readonly core: Core,
    readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  private until(): string {
    return new Date(this.core.clock.now().getTime() + this.ttlMs).toISOString();
  }

  async take(): Promise<boolean> {
    this.renewedAt = this.core.clock.now().getTime();
    return repo.tryTakeLease(this.core.database.db, this.holder, nowIso(this.core), this.until());
  }

  async keep(): Promise<void> {
    const now = this.core.clock.now().getTime();
    if (now - this.renewedAt < this.ttlMs / 5) return;
    this.renewedAt = now;
    if (!(await repo.renewLease(this.core.database.db, this.holder, this.until())))
      throw new AppError(
        'conflict',
        'Another server took over the Dolibarr sync while this one was too slow to renew its lease; nothing more was written',
      );
  }

  async release(): Promise<void> {
    await repo.releaseLease(this.core.database.db, this.holder);
  }
}

class Run {
  readonly report: SyncReport;
  constructor(
    readonly core: Core,
    readonly client: DolibarrClient,
    readonly lease: Lease,
    readonly pageSize: number,
    readonly say: (line: string) => void,
    push: boolean,
  ) {
    this.report = {
      dolibarr: client.apiRoot,
      version: null,
      startedAt: nowIso(core),
      finishedAt: null,
      modifiedFrom: null,
      thirdparties: counts(),
      orders: counts(),
      push: { enabled: push, created: 0, found: 0, skipped: 0 },
      issues: [],
      moreIssues: 0,
      requests: 0,
      error: null,
    };
  }

  get db() {
    return this.core.database.db;
  }

  issue(i: SyncIssue): void {
    if (this.report.issues.length < MAX_ISSUES) this.report.issues.push(i);
    else this.report.moreIssues++;
  }
}

/** Runs one sync. Throws a DolibarrError (or AppError) with a message that says what to fix. */
export async function syncDolibarr(core: Core, o: SyncOptions): Promise<SyncReport> {
  const report = await syncUnlessRecent(core, o, null);
  if (!report) throw new Error('unreachable: a sync without a due time always runs');
  return report;
}

/**
 * Runs one sync, unless another one started after `recentSince` (the scheduler of another server
 * got there first): then returns null. Decided under the lease, so two servers never both run.
 */
export async function syncUnlessRecent(
  core: Core,
  o: SyncOptions,
  recentSince: string | null,
): Promise<SyncReport | null> {
  const apiRoot = apiRootOf(o.url);
  if (!o.key.trim())
    throw new AppError('bad_request', 'The Dolibarr API key is empty: copy it from your Dolibarr user card', [
      { path: 'key', message: 'required' },
    ]);
  const lease = new Lease(core, randomUUID(), o.leaseMs ?? 5 * 60_000);
  if (!(await lease.take())) {
    const until = await repo.leaseHeldUntil(core.database.db, nowIso(core));
    const at = until ? DateTime.fromISO(until).setZone(core.clock.zone).toFormat('HH:mm') : 'soon';
    throw new AppError(
      'conflict',
      `Another Dolibarr sync is running (its lease ends at ${at} at the latest); try again when it is over`,
    );
  }
  if (recentSince) {
    const last = await repo.latestRun(core.database.db);
    if (last && last.started_at > recentSince) {
      await lease.release();
      return null;
    }
  }
  const client = new DolibarrClient({
    apiRoot,
    key: o.key.trim(),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.retries !== undefined ? { retries: o.retries } : {}),
    ...(o.backoffMs !== undefined ? { backoffMs: o.backoffMs } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const run = new Run(core, client, lease, o.pageSize ?? 100, o.progress ?? (() => {}), o.push ?? false);
  const db = core.database.db;
  let runId: number | null = null;
  try {
    runId = await repo.insertRun(db, o.trigger, run.report.startedAt);
    await importAll(run, o.full ?? false);
    if (o.push) await pushFollowups(run);
    run.report.requests = client.requests;
    run.report.finishedAt = nowIso(core);
    await repo.finishRun(db, runId, 'ok', run.report.finishedAt, JSON.stringify(run.report), null);
    return run.report;
  } catch (err) {
    const message = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    run.report.error = message;
    run.report.requests = client.requests;
    run.report.finishedAt = nowIso(core);
    if (runId !== null)
      await repo
        .finishRun(db, runId, 'failed', run.report.finishedAt, JSON.stringify(run.report), message)
        .catch(() => {});
    throw err;
  } finally {
    await repo.pruneRuns(db, KEPT_RUNS).catch(() => {});
    await lease.release().catch(() => {});
  }
}

// --- import ----------------------------------------------------------------------------------------------

async function dolibarrStatus(run: Run): Promise<{ version: string | null; nowEpoch: number | null }> {
  let body: unknown;
  try {
    body = await run.client.get('/status');
  } catch (err) {
    if (err instanceof DolibarrError && err.failure === 'not_found')
      throw new DolibarrError(
        'not_found',
        `No Dolibarr REST API at ${run.client.apiRoot} (404): check the URL is the Dolibarr address you open in the browser and that the module "API REST" is enabled`,
        404,
      );
    throw err;
  }
  const s = (body as { success?: { dolibarr_version?: unknown; timestamp_now_utc?: unknown } } | null)
    ?.success;
  if (!s || typeof s !== 'object')
    throw new DolibarrError(
      'not_json',
      `${run.client.apiRoot}/status did not answer like Dolibarr: check the URL is the Dolibarr address you open in the browser`,
    );
  const now = Number(s.timestamp_now_utc);
  return {
    version: typeof s.dolibarr_version === 'string' ? s.dolibarr_version : null,
    nowEpoch: Number.isFinite(now) && now > 0 ? Math.trunc(now) : null,
  };
}

function collect<T extends { externalId: string }>(
  run: Run,
  entity: 'thirdparty' | 'order',
  page: unknown[],
  map: (raw: unknown) => Mapped<T>,
  into: Map<string, T>,
  c: EntityCounts,
): void {
  for (const raw of page) {
    const m = map(raw);
    if (m.ok) {
      // A record seen twice (it moved between pages while we read) counts once, with its latest content.
      if (!into.has(m.value.externalId)) c.fetched++;
      into.set(m.value.externalId, m.value);
      for (const w of m.warnings)
        run.issue({ entity, id: m.value.externalId, ref: null, level: 'warning', message: w });
    } else {
      c.fetched++;
      c.skipped++;
      run.issue({ entity, id: m.id, ref: m.ref, level: 'skipped', message: m.reason });
    }
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function importAll(run: Run, full: boolean): Promise<void> {
  const { core, client, report, pageSize } = run;
  const status = await dolibarrStatus(run);
  report.version = status.version;
  run.say(`Dolibarr ${status.version ?? '(unknown version)'} at ${client.apiRoot}`);
  const nowEpoch = status.nowEpoch ?? Math.floor(core.clock.now().getTime() / 1000);
  // Both entities are saved together, so one watermark serves both. Kept per API root: another Dolibarr
  // address starts with a full read.
  const state = full ? null : await repo.getSyncState(run.db, repo.stateKey('orders', client.apiRoot));
  report.modifiedFrom = state ? modifiedSinceDay(state.sinceEpoch) : null;
  const sinceFilter = report.modifiedFrom ? modifiedSinceFilter(report.modifiedFrom) : undefined;

  // 1. Read everything first: a Dolibarr that fails half-way leaves nothing written.
  const customers = new Map<string, ImportedCustomer>();
  const tpFilter = ['(t.client:>:0)', sinceFilter].filter(Boolean).join(' and ');
  for await (const page of client.pages(
    '/thirdparties',
    { sortfield: 't.rowid', sortorder: 'ASC', sqlfilters: tpFilter },
    pageSize,
  )) {
    collect(run, 'thirdparty', page, mapThirdParty, customers, report.thirdparties);
    run.say(`Third parties read: ${report.thirdparties.fetched}`);
    await run.lease.keep();
  }
  const orders = new Map<string, ImportedOrder>();
  const zone = core.clock.zone;
  for await (const page of client.pages(
    '/orders',
    { sortfield: 't.rowid', sortorder: 'ASC', sqlfilters: sinceFilter },
    pageSize,
  )) {
    collect(run, 'order', page, (raw) => mapOrder(raw, zone), orders, report.orders);
    run.say(`Orders read: ${report.orders.fetched}`);
    await run.lease.keep();
  }

  // Orders of third parties neither just read nor imported before (e.g. skipped then): fetch them one by one.
  const unknown = [...new Set([...orders.values()].map((o) => o.socid))].filter((id) => !customers.has(id));
  const imported = new Set<string>();
  for (const part of chunks(unknown, 500))
    for (const id of await repo.importedThirdPartyIds(run.db, part)) imported.add(id);
  const unresolved = new Map<string, string>();
  for (const id of unknown.filter((x) => !imported.has(x))) {
    const raw = await client.getOrNull(`/thirdparties/${encodeURIComponent(id)}`);
    if (raw === null) {
      unresolved.set(id, `its third party ${id} does not exist in Dolibarr`);
      continue;
    }
    const m = mapThirdParty(raw);
    if (m.ok) {
      customers.set(id, m.value);
      report.thirdparties.fetched++;
    } else unresolved.set(id, `its third party ${id} cannot be imported: ${m.reason}`);
  }

  // 2. Write, one transaction per page of records.
  const at = nowIso(core);
  for (const part of chunks([...customers.values()], pageSize)) {
    await run.db.transaction().execute((tx) => writeCustomers(run, tx, part, at));
    await run.lease.keep();
  }
  const writable: ImportedOrder[] = [];
  for (const o of orders.values()) {
    const why = unresolved.get(o.socid);
    if (why) {
      report.orders.skipped++;
      run.issue({ entity: 'order', id: o.externalId, ref: o.ref, level: 'skipped', message: why });
    } else writable.push(o);
  }
  for (const part of chunks(writable, pageSize)) {
    await run.db.transaction().execute((tx) => writeOrders(run, tx, part, at));
    await run.lease.keep();
  }
  run.say(
    `Third parties: ${report.thirdparties.created} created, ${report.thirdparties.updated} updated, ${report.thirdparties.unchanged} unchanged, ${report.thirdparties.skipped} skipped`,
  );
  run.say(
    `Orders: ${report.orders.created} created, ${report.orders.updated} updated, ${report.orders.unchanged} unchanged, ${report.orders.skipped} skipped`,
  );

  // 3. Only now does the next run start from here.
  let maxModified = state?.maxModifiedEpoch ?? null;
  for (const o of orders.values())
    if (o.modifiedEpoch !== null && (maxModified === null || o.modifiedEpoch > maxModified))
      maxModified = o.modifiedEpoch;
  await run.db.transaction().execute(async (tx) => {
    const key = (entity: 'thirdparties' | 'orders') => repo.stateKey(entity, client.apiRoot);
    await repo.saveSyncState(tx, key('thirdparties'), { sinceEpoch: nowEpoch, maxModifiedEpoch: null }, at);
    await repo.saveSyncState(tx, key('orders'), { sinceEpoch: nowEpoch, maxModifiedEpoch: maxModified }, at);
  });
}

type Changes<T> = Partial<T>;

function changed<T extends Record<string, unknown>>(current: T, wanted: T): Changes<T> {
  const out: Changes<T> = {};
  for (const k of Object.keys(wanted) as (keyof T)[]) if (current[k] !== wanted[k]) out[k] = wanted[k];
  return out;
}

/** The audit row of an imported record that changed: the columns before and after. */
function updateAudit<T extends Record<string, unknown>>(
  entity: 'customer' | 'order',
  entityId: number,
  current: T,
  diff: Partial<T>,
  at: string,
): AuditEntry {
  return {
    entity,
    entityId,
    action: 'update',
    userId: null,
    at,
    before: Object.fromEntries(Object.keys(diff).map((k) => [k, current[k]])),
    after: { ...diff, source: repo.SOURCE },
  };
}

/** The audit rows of records just inserted, given their ids by Dolibarr id. */
function createAudits(entity: 'customer' | 'order', ids: Map<string, number>, at: string): AuditEntry[] {
  return [...ids].map(([externalId, entityId]) => ({
    entity,
    entityId,
    action: 'create',
    userId: null,
    at,
    after: { source: repo.SOURCE, externalId },
  }));
}

/** Stands for "a row inserted by this very page" in the maps of taken codes and refs. */
const NEW_ROW = -1;

async function writeCustomers(run: Run, tx: Executor, part: ImportedCustomer[], at: string): Promise<void> {
  const c = run.report.thirdparties;
  const existing = await repo.customersByExternalIds(
    tx,
    part.map((x) => x.externalId),
  );
  const codeOwner = await repo.customerIdsByCode(
    tx,
    part.flatMap((x) => (x.code ? [x.code] : [])),
  );
  const audits: AuditEntry[] = [];
  const inserts: NewCustomerRow[] = [];
  for (const x of part) {
    const row = existing.get(x.externalId);
    let code = x.code;
    const owner = code ? codeOwner.get(code) : undefined;
    if (code && owner !== undefined && owner !== row?.id) {
      run.issue({
        entity: 'thirdparty',
        id: x.externalId,
        ref: x.name,
        level: 'warning',
        message: `code ${code} is already used by ${owner === NEW_ROW ? 'another third party of this sync' : `customer #${owner} in Relance`}: ${row ? 'its code was left as it was' : 'imported without a code'}`,
      });
      code = row?.code ?? null;
    }
    const wanted = {
      code,
      name: x.name,
      kind: x.kind,
      email: x.email,
      phone: x.phone,
      town: x.town,
      country: x.country,
    };
    if (!row) {
      inserts.push({
        ...wanted,
        sales_rep_id: null,
        external_source: repo.SOURCE,
        external_id: x.externalId,
        created_at: at,
        updated_at: at,
      });
      if (code) codeOwner.set(code, NEW_ROW);
      continue;
    }
    const current = {
      code: row.code,
      name: row.name,
      kind: row.kind,
      email: row.email,
      phone: row.phone,
      town: row.town,
      country: row.country,
    };
    const diff = changed(current, wanted);
    if (Object.keys(diff).length === 0) {
      c.unchanged++;
      continue;
    }
    const set: CustomerUpdate = { ...diff, updated_at: at };
    await updateCustomer(tx, row.id, set);
    if (diff.code !== undefined) {
      if (row.code) codeOwner.delete(row.code);
      if (diff.code) codeOwner.set(diff.code, row.id);
    }
    audits.push(updateAudit('customer', row.id, current, diff, at));
    c.updated++;
  }
  const created = await repo.insertCustomers(tx, inserts);
  audits.push(...createAudits('customer', created, at));
  c.created += created.size;
  await recordAudits(tx, audits);
}

async function writeOrders(run: Run, tx: Executor, part: ImportedOrder[], at: string): Promise<void> {
  const c = run.report.orders;
  const customers = await repo.customersByExternalIds(tx, [...new Set(part.map((x) => x.socid))]);
  const existing = await repo.ordersByExternalIds(
    tx,
    part.map((x) => x.externalId),
  );
  const refOwner = await repo.orderIdsByRef(
    tx,
    part.map((x) => x.ref),
  );
  const audits: AuditEntry[] = [];
  const inserts: NewOrderRow[] = [];
  for (const x of part) {
    const customerId = customers.get(x.socid)?.id;
    if (customerId === undefined) {
      c.skipped++;
      run.issue({
        entity: 'order',
        id: x.externalId,
        ref: x.ref,
        level: 'skipped',
        message: `its third party ${x.socid} is not in Relance`,
      });
      continue;
    }
    const row = existing.get(x.externalId);
    const owner = refOwner.get(x.ref);
    if (owner !== undefined && owner !== row?.id) {
      c.skipped++;
      run.issue({
        entity: 'order',
        id: x.externalId,
        ref: x.ref,
        level: 'skipped',
        message:
          owner === NEW_ROW
            ? `ref ${x.ref} is also the ref of another order of this sync`
            : `ref ${x.ref} is already used by order #${owner} in Relance, which did not come from this Dolibarr order: rename one of them, then sync again with --full`,
      });
      continue;
    }
    const wanted = {
      ref: x.ref,
      customer_id: customerId,
      status: x.status,
      order_date: x.orderDate,
      delivery_date: x.deliveryDate,
      total_excl_tax: x.totalExclTax,
      currency: x.currency,
      customer_ref: x.customerRef,
    };
    if (!row) {
      inserts.push({
        ...wanted,
        external_source: repo.SOURCE,
        external_id: x.externalId,
        is_open: isOpenStatus(x.status) ? 1 : 0,
        followup_count: 0,
        created_at: at,
        updated_at: at,
      });
      refOwner.set(x.ref, NEW_ROW);
      continue;
    }
    const current = {
      ref: row.ref,
      customer_id: row.customer_id,
      status: row.status,
      order_date: row.order_date,
      delivery_date: row.delivery_date,
      total_excl_tax: formatMoney(row.total_excl_tax),
      currency: row.currency,
      customer_ref: row.customer_ref,
    };
    const diff = changed(current, wanted);
    if (Object.keys(diff).length === 0) {
      c.unchanged++;
      continue;
    }
    // The order service's rules: a delivered or cancelled order is closed, and follow-ups carry the
    // customer of their order. The follow-up summary columns are left to the follow-up service.
    const set: OrderUpdate = { ...diff, updated_at: at };
    if (diff.status !== undefined) set.is_open = isOpenStatus(diff.status) ? 1 : 0;
    await updateOrder(tx, row.id, set);
    if (diff.customer_id !== undefined) await moveFollowupsToCustomer(tx, row.id, diff.customer_id);
    if (diff.ref !== undefined) {
      refOwner.delete(row.ref);
      refOwner.set(diff.ref, row.id);
    }
    audits.push(updateAudit('order', row.id, current, diff, at));
    c.updated++;
  }
  const created = await repo.insertOrders(tx, inserts);
  audits.push(...createAudits('order', created, at));
  c.created += created.size;
  await recordAudits(tx, audits);
}

// --- push ------------------------------------------------------------------------------------------------

/** Dolibarr user ids by Relance login, with the API key's own user for logins Dolibarr does not know. */
class Owners {
  private readonly byLogin = new Map<string, number>();
  private fallback: number | null = null;
  private lookupAllowed = true;
  constructor(private readonly client: DolibarrClient) {}

  async idFor(login: string): Promise<number> {
    const known = this.byLogin.get(login);
    if (known !== undefined) return known;
    let id: number | null = null;
    // sqlfilters cannot carry quotes or parentheses: such logins go to the fallback.
    if (this.lookupAllowed && /^[\w.@+-]+$/.test(login)) {
      try {
        const users = await this.client.listPage('/users', { sqlfilters: `(t.login:=:'${login}')` }, 0, 5);
        const u = users.find((x) => String((x as { login?: unknown }).login ?? '') === login) as
          | { id?: unknown }
          | undefined;
        const n = Number(u?.id);
        if (Number.isInteger(n) && n > 0) id = n;
      } catch (err) {
        // A key without the right to read users still may create events: fall back to its own user.
        if (
          !(err instanceof DolibarrError && (err.failure === 'forbidden' || err.failure === 'unauthorized'))
        )
          throw err;
        this.lookupAllowed = false;
      }
    }
    if (id === null) id = await this.own();
    this.byLogin.set(login, id);
    return id;
  }

  private async own(): Promise<number> {
    if (this.fallback !== null) return this.fallback;
    const info = (await this.client.get('/users/info')) as { id?: unknown } | null;
    const n = Number(info?.id);
    if (!Number.isInteger(n) || n <= 0)
      throw new DolibarrError('rejected', 'Dolibarr /users/info gave no user id for this API key');
    this.fallback = n;
    return n;
  }
}

async function findEvent(run: Run, orderExternalId: string, body: Record<string, string | number>) {
  const filter = `(t.fk_element:=:${Number(orderExternalId)}) and (t.elementtype:=:'order')`;
  for await (const page of run.client.pages('/agendaevents', { sqlfilters: filter }, 100)) {
    const hit = page.find((e) => isSameEvent(e, body)) as { id?: unknown } | undefined;
    if (hit?.id !== undefined) return String(hit.id);
  }
  return null;
}

const eventIdOf = (answer: unknown): string | null => {
  const n = typeof answer === 'number' ? answer : Number(answer);
  return Number.isInteger(n) && n > 0 ? String(n) : null;
};

/**
 * Creates the event; on a failure that may hide a created event (network, timeout, 5xx) it looks for the
 * event before trying again. Returns null when Dolibarr refuses this one event.
 */
async function createEvent(
  run: Run,
  followupId: number,
  orderExternalId: string,
  body: Record<string, string | number>,
): Promise<{ id: string; found: boolean } | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      const id = eventIdOf(await run.client.post('/agendaevents', body));
      if (id === null)
        throw new DolibarrError('not_json', 'Dolibarr answered POST /agendaevents without the new event id');
      return { id, found: false };
    } catch (err) {
      if (!(err instanceof DolibarrError)) throw err;
      if (err.failure === 'rejected') {
        run.report.push.skipped++;
        run.issue({
          entity: 'followup',
          id: String(followupId),
          ref: null,
          level: 'skipped',
          message: err.message,
        });
        return null;
      }
      if (err.failure === 'unauthorized' || err.failure === 'forbidden')
        throw new DolibarrError(
          err.failure,
          `The Dolibarr user of this API key may not create agenda events (${err.httpStatus}): give it the Agenda rights "create events for others" in Dolibarr`,
          err.httpStatus,
        );
      if (!['network', 'timeout', 'server'].includes(err.failure) || attempt >= run.client.maxAttempts)
        throw err;
      await run.client.backoff(attempt);
      const found = await findEvent(run, orderExternalId, body);
      if (found) return { id: found, found: true };
    }
  }
}

async function pushFollowups(run: Run): Promise<void> {
  const { core, report } = run;
  const owners = new Owners(run.client);
  let afterId = 0;
  for (;;) {
    const batch = await repo.followupsToPush(run.db, afterId, 100);
    if (batch.length === 0) break;
    for (const f of batch) {
      afterId = f.id;
      const body = agendaEventBody({
        followupId: f.id,
        orderExternalId: f.orderExternalId,
        orderRef: f.orderRef,
        channel: f.channel,
        note: f.note,
        doneAt: f.doneAt,
        socid: f.customerExternalId,
        ownerId: await owners.idFor(f.userLogin),
      });
      if (f.pending) {
        // A previous run was cut off around its POST: the event may exist already.
        const found = await findEvent(run, f.orderExternalId, body);
        if (found) {
          await repo.markPushed(run.db, f.id, found, nowIso(core));
          report.push.found++;
          continue;
        }
      } else await repo.markPushPending(run.db, f.id, nowIso(core));
      const made = await createEvent(run, f.id, f.orderExternalId, body);
      if (!made) continue;
      await repo.markPushed(run.db, f.id, made.id, nowIso(core));
      if (made.found) report.push.found++;
      else report.push.created++;
      await run.lease.keep();
    }
    run.say(`Follow-ups pushed: ${report.push.created + report.push.found}`);
  }
}

// --- reading the reports ---------------------------------------------------------------------------------

export interface LastRun {
  id: number;
  trigger: SyncTrigger;
  status: 'running' | 'ok' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  report: SyncReport | null;
}

export async function lastSyncRun(core: Core): Promise<LastRun | null> {
  const r = await repo.latestRun(core.database.db);
  if (!r) return null;
  let report: SyncReport | null = null;
  try {
    report = r.report_json ? (JSON.parse(r.report_json) as SyncReport) : null;
  } catch {
    report = null;
  }
  return {
    id: r.id,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    report,
  };
}

/** Is a sync running somewhere (any server)? */
export async function syncRunning(core: Core): Promise<boolean> {
  return (await repo.leaseHeldUntil(core.database.db, nowIso(core))) !== null;
}

/** The report as lines of text, for the command line. */
export function reportLines(r: SyncReport): string[] {
  const line = (name: string, c: EntityCounts) =>
    `${name}: ${c.fetched} read, ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped`;
  const out = [
    `Dolibarr ${r.version ?? ''} at ${r.dolibarr}${r.modifiedFrom ? `, changes since ${r.modifiedFrom}` : ', full read'}`.replace(
      '  ',
      ' ',
    ),
    line('Third parties', r.thirdparties),
    line('Orders', r.orders),
  ];
  if (r.push.enabled)
    out.push(
      `Follow-ups pushed as agenda events: ${r.push.created} created, ${r.push.found} found already there, ${r.push.skipped} refused`,
    );
  for (const i of r.issues)
    out.push(
      `  ${i.level === 'skipped' ? 'skipped' : 'warning'}: ${i.entity} ${i.id}${i.ref ? ` (${i.ref})` : ''}: ${i.message}`,
    );
  if (r.moreIssues > 0) out.push(`  … and ${r.moreIssues} more`);
  return out;
}
