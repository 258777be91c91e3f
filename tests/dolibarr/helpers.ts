// Shared by the Dolibarr bridge's tests: sync options aimed at the fake Dolibarr, and what the database holds.
import type { Core } from '../../src/core.ts';
import type { SyncOptions } from '../../src/modules/dolibarr/dolibarr.service.ts';
import { API_KEY, type FakeDolibarr } from './fake-dolibarr.ts';

/** A CLI-like sync against the fake: short back-off and timeout so that failing tests fail fast. */
export function options(fake: FakeDolibarr, extra: Partial<SyncOptions> = {}): SyncOptions {
  return { url: fake.url, key: API_KEY, trigger: 'cli', backoffMs: 5, timeoutMs: 3000, ...extra };
}

export async function dolibarrCustomers(core: Core) {
  return core.database.db
    .selectFrom('customers')
    .selectAll()
    .where('external_source', '=', 'dolibarr')
    .orderBy('id')
    .execute();
}

export async function dolibarrOrders(core: Core) {
  return core.database.db
    .selectFrom('orders')
    .selectAll()
    .where('external_source', '=', 'dolibarr')
    .orderBy('id')
    .execute();
}

export async function orderByExternalId(core: Core, externalId: string) {
  return core.database.db
    .selectFrom('orders')
    .selectAll()
    .where('external_source', '=', 'dolibarr')
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
}

export async function customerByExternalId(core: Core, externalId: string) {
  return core.database.db
    .selectFrom('customers')
    .selectAll()
    .where('external_source', '=', 'dolibarr')
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
}

export async function countRows(
  core: Core,
  table: 'customers' | 'orders' | 'audit_log' | 'dolibarr_sync_state',
) {
  const r = await core.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
