// SQL of the Dolibarr bridge: records by external id, import progress, run reports, pushed follow-ups, lease.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { CustomerRow, NewCustomerRow } from '../../db/schema/customers.table.ts';
import type { DolibarrSyncRunRow, SyncRunStatus, SyncTrigger } from '../../db/schema/dolibarr.table.ts';
import type { Channel } from '../../db/schema/followups.table.ts';
import type { NewOrderRow, OrderRow } from '../../db/schema/orders.table.ts';
import * as imports from '../imports/import.repository.ts';

export const SOURCE = 'dolibarr';
const LEASE = 'sync';

// Records by Dolibarr id, codes and refs, multi-row inserts: the CSV import's queries (chunked, and on
// PostgreSQL an unnested array rather than IN, which picked the trigram index), keyed for the sync.

export async function customersByExternalIds(db: Executor, ids: string[]): Promise<Map<string, CustomerRow>> {
  return byExternalId(await imports.customersByExternalIds(db, SOURCE, ids));
}

export async function ordersByExternalIds(db: Executor, ids: string[]): Promise<Map<string, OrderRow>> {
  return byExternalId(await imports.ordersByExternalIds(db, SOURCE, ids));
}

function byExternalId<R extends { external_id: string | null }>(rows: R[]): Map<string, R> {
  const out = new Map<string, R>();
  for (const r of rows) if (r.external_id) out.set(r.external_id, r);
  return out;
}

/** Dolibarr ids (among `ids`) of third parties already imported. */
export async function importedThirdPartyIds(db: Executor, ids: string[]): Promise<Set<string>> {
  return new Set((await customersByExternalIds(db, ids)).keys());
}

export async function customerIdsByCode(db: Executor, codes: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of await imports.customersByCodes(db, codes)) if (r.code) out.set(r.code, r.id);
  return out;
}

export async function orderIdsByRef(db: Executor, refs: string[]): Promise<Map<string, number>> {
  return new Map((await imports.ordersByRefs(db, refs)).map((r) => [r.ref, r.id]));
}

/** Many new customers in multi-row inserts; their ids by external id. */
export async function insertCustomers(db: Executor, rows: NewCustomerRow[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of await imports.insertCustomers(db, rows)) if (r.external_id) out.set(r.external_id, r.id);
  return out;
}

/** Many new orders in multi-row inserts; their ids by external id. */
export async function insertOrders(db: Executor, rows: NewOrderRow[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of await imports.insertOrders(db, rows)) if (r.external_id) out.set(r.external_id, r.id);
  return out;
}

// --- import progress -------------------------------------------------------------------------------------

/** The state row of an entity read from one Dolibarr API root, e.g. `orders https://erp.example.com/api/index.php`. */
export const stateKey = (entity: 'thirdparties' | 'orders', apiRoot: string) => `${entity} ${apiRoot}`;

export interface SyncState {
  sinceEpoch: number;
  maxModifiedEpoch: number | null;
}

export async function getSyncState(db: Executor, entity: string): Promise<SyncState | null> {
  const r = await db
    .selectFrom('dolibarr_sync_state')
    .select(['since_epoch', 'max_modified_epoch'])
    .where('entity', '=', entity)
    .executeTakeFirst();
  return r
    ? {
        sinceEpoch: Number(r.since_epoch),
        maxModifiedEpoch: r.max_modified_epoch === null ? null : Number(r.max_modified_epoch),
      }
    : null;
}

export async function saveSyncState(
  db: Executor,
  entity: string,
  state: SyncState,
  at: string,
): Promise<void> {
  const values = {
    since_epoch: state.sinceEpoch,
    max_modified_epoch: state.maxModifiedEpoch,
    updated_at: at,
  };
  await db
    .insertInto('dolibarr_sync_state')
    .values({ entity, ...values })
    .onConflict((oc) => oc.column('entity').doUpdateSet(values))
    .execute();
}

// --- run reports ------------------------------------------------------------------------------------------

export async function insertRun(db: Executor, trigger: SyncTrigger, at: string): Promise<number> {
  const r = await db
    .insertInto('dolibarr_sync_runs')
    .values({ trigger, status: 'running', started_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function finishRun(
  db: Executor,
  id: number,
  status: Exclude<SyncRunStatus, 'running'>,
  at: string,
  reportJson: string,
  error: string | null,
): Promise<void> {
  await db
    .updateTable('dolibarr_sync_runs')
    .set({ status, finished_at: at, report_json: reportJson, error })
    .where('id', '=', id)
    .execute();
}

export async function latestRun(db: Executor): Promise<DolibarrSyncRunRow | undefined> {
  return db
    .selectFrom('dolibarr_sync_runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Keeps the newest `keep` reports. */
export async function pruneRuns(db: Executor, keep: number): Promise<void> {
  const edge = await db
    .selectFrom('dolibarr_sync_runs')
    .select('id')
    .orderBy('id', 'desc')
    .offset(keep)
    .limit(1)
    .executeTakeFirst();
  if (edge) await db.deleteFrom('dolibarr_sync_runs').where('id', '<=', edge.id).execute();
}

// --- the lease: one sync at a time across every app server on the database ------------------------------

/**
 * Takes the lease when it is free, expired or already ours. One atomic UPDATE decides: of two servers
 * racing, the database lets exactly one row update succeed.
 */
export async function tryTakeLease(
  db: Executor,
  holder: string,
  now: string,
  until: string,
): Promise<boolean> {
  await db
    .insertInto('dolibarr_sync_lease')
    .values({ name: LEASE, holder: null, expires_at: new Date(0).toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const r = await db
    .updateTable('dolibarr_sync_lease')
    .set({ holder, expires_at: until })
    .where('name', '=', LEASE)
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('holder', '=', holder)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Extends our lease; false when it was lost (expired and taken by another server). */
export async function renewLease(db: Executor, holder: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('dolibarr_sync_lease')
    .set({ expires_at: until })
    .where('name', '=', LEASE)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseLease(db: Executor, holder: string): Promise<void> {
  await db
    .updateTable('dolibarr_sync_lease')
    .set({ holder: null, expires_at: new Date(0).toISOString() })
    .where('name', '=', LEASE)
    .where('holder', '=', holder)
    .execute();
}

export async function leaseHeldUntil(db: Executor, now: string): Promise<string | null> {
  const r = await db
    .selectFrom('dolibarr_sync_lease')
    .select('expires_at')
    .where('name', '=', LEASE)
    .where('expires_at', '>=', now)
    .where('holder', 'is not', null)
    .executeTakeFirst();
  return r?.expires_at ?? null;
}

// --- follow-ups pushed back as agenda events ---------------------------------------------------------------

export interface FollowupToPush {
  id: number;
  channel: Channel;
  note: string;
  doneAt: string;
  orderRef: string;
  orderExternalId: string;
  customerExternalId: string | null;
  userLogin: string;
  pending: boolean;
}

/**
 * Live follow-ups on orders that came from Dolibarr and have not been pushed yet (or whose push was
 * cut off: `pending`), by id, after `afterId`.
 */
export async function followupsToPush(
  db: Executor,
  afterId: number,
  limit: number,
): Promise<FollowupToPush[]> {
  const rows = await db
    .selectFrom('followups as f')
    .innerJoin('orders as o', 'o.id', 'f.order_id')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .leftJoin('dolibarr_pushed_followups as p', 'p.followup_id', 'f.id')
    .select([
      'f.id',
      'f.channel',
      'f.note',
      'f.done_at as doneAt',
      'o.ref as orderRef',
      'o.external_id as orderExternalId',
      sql<string | null>`case when c.external_source = ${SOURCE} then c.external_id else null end`.as(
        'customerExternalId',
      ),
      'u.login as userLogin',
      'p.state',
    ])
    .where('f.deleted_at', 'is', null)
    .where('o.external_source', '=', SOURCE)
    .where((eb) => eb.or([eb('p.state', 'is', null), eb('p.state', '=', 'pending')]))
    .where('f.id', '>', afterId)
    .orderBy('f.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    note: r.note,
    doneAt: r.doneAt,
    orderRef: r.orderRef,
    orderExternalId: r.orderExternalId ?? '',
    customerExternalId: r.customerExternalId,
    userLogin: r.userLogin,
    pending: r.state === 'pending',
  }));
}

export async function markPushPending(db: Executor, followupId: number, at: string): Promise<void> {
  await db
    .insertInto('dolibarr_pushed_followups')
    .values({ followup_id: followupId, state: 'pending', event_id: null, created_at: at, pushed_at: null })
    .onConflict((oc) => oc.column('followup_id').doNothing())
    .execute();
}

export async function markPushed(
  db: Executor,
  followupId: number,
  eventId: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('dolibarr_pushed_followups')
    .set({ state: 'pushed', event_id: eventId, pushed_at: at })
    .where('followup_id', '=', followupId)
    .execute();
}
