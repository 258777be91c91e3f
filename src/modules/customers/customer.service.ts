// Customers: visibility by sales rep, writes for managers and admins, refusal to delete history.
import { type Actor, ensure } from '../../auth/permissions.ts';
import { scopeFor } from '../../auth/scope.ts';
import { type Core, nowIso } from '../../core.ts';
import { pageOf, parseSort, readCursor } from '../../db/keyset.ts';
import type { CustomerRow, CustomerUpdate } from '../../db/schema/customers.table.ts';
import { isUniqueViolation } from '../../shared/db-errors.ts';
import { AppError, notFound, unprocessable } from '../../shared/errors.ts';
import { foldName } from '../../shared/name-fold.ts';
import type { Page } from '../../shared/page.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findUserById } from '../users/user.repository.ts';
import * as repo from './customer.repository.ts';
import type { Customer, CustomerCreate, CustomerListQuery, CustomerPatch } from './customer.schemas.ts';

export function toCustomer(r: CustomerRow): Customer {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    email: r.email,
    phone: r.phone,
    town: r.town,
    country: r.country,
    salesRepId: r.sales_rep_id,
    externalId: r.external_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listCustomers(
  core: Core,
  actor: Actor,
  query: CustomerListQuery,
): Promise<Page<Customer>> {
  const sort = parseSort(query.sort, 'name', repo.customerSortColumns);
  const cursor = readCursor(query.cursor, sort.token);
  const rows = await repo.listCustomers(
    core.database.db,
    core.database.dialect,
    { scope: await scopeFor(core, actor), kind: query.kind, salesRepId: query.salesRepId, q: query.q },
    sort,
    cursor,
    query.limit + 1,
  );
  return pageOf(rows.map(toCustomer), query.limit, sort.token, (c) => ({
    value: c[sort.key as keyof Customer] as string | number | null,
    id: c.id,
  }));
}

export async function getCustomer(core: Core, actor: Actor, id: number): Promise<Customer> {
  const row = await repo.findCustomer(core.database.db, id, await scopeFor(core, actor));
  if (!row) throw notFound('Customer');
  return toCustomer(row);
}

async function checkSalesRep(core: Core, salesRepId: number | null | undefined): Promise<void> {
  if (salesRepId == null) return;
  const u = await findUserById(core.database.db, salesRepId);
  if (!u) throw unprocessable('salesRepId', `Unknown user ${salesRepId}`);
}

function conflictOn(err: unknown): never {
  if (isUniqueViolation(err)) {
    throw new AppError('conflict', 'Another customer already has this code or external id', [
      { path: 'code', message: 'already used' },
    ]);
  }
  throw err;
}

export async function createCustomer(
  core: Core,
  actor: Actor | null,
  input: CustomerCreate,
): Promise<Customer> {
  if (actor) ensure(actor, 'write:customer');
  await checkSalesRep(core, input.salesRepId);
  const at = nowIso(core);
  const id = await core.database.db
    .transaction()
    .execute(async (tx) => {
      const newId = await repo.insertCustomer(tx, {
        code: input.code || null,
        name: input.name,
        kind: input.kind,
        email: input.email ?? null,
        phone: input.phone || null,
        town: input.town || null,
        country: input.country || null,
        sales_rep_id: input.salesRepId ?? null,
        external_source: input.externalId ? 'api' : null,
        external_id: input.externalId || null,
        created_at: at,
        updated_at: at,
      });
      await recordAudit(tx, {
        entity: 'customer',
        entityId: newId,
        action: 'create',
        userId: actor?.id ?? null,
        at,
      });
      return newId;
    })
    .catch(conflictOn);
  const row = await repo.findCustomer(core.database.db, id, { all: true });
  if (!row) throw notFound('Customer');
  return toCustomer(row);
}

export async function updateCustomer(
  core: Core,
  actor: Actor,
  id: number,
  patch: CustomerPatch,
): Promise<Customer> {
  const before = await repo.findCustomer(core.database.db, id, await scopeFor(core, actor));
  if (!before) throw notFound('Customer');
  ensure(actor, 'write:customer');
  await checkSalesRep(core, patch.salesRepId);
  const at = nowIso(core);
  const set: CustomerUpdate = { updated_at: at };
  if (patch.code !== undefined) set.code = patch.code || null;
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.email !== undefined) set.email = patch.email;
  if (patch.phone !== undefined) set.phone = patch.phone || null;
  if (patch.town !== undefined) set.town = patch.town || null;
  if (patch.country !== undefined) set.country = patch.country || null;
  if (patch.salesRepId !== undefined) set.sales_rep_id = patch.salesRepId;
  if (patch.externalId !== undefined) {
    set.external_id = patch.externalId || null;
    set.external_source = patch.externalId ? (before.external_source ?? 'api') : null;
  }
  await core.database.db
    .transaction()
    .execute(async (tx) => {
      await repo.updateCustomer(tx, id, set);
      await recordAudit(tx, {
        entity: 'customer',
        entityId: id,
        action: 'update',
        userId: actor.id,
        at,
        before: toCustomer(before),
        after: patch,
      });
    })
    .catch(conflictOn);
  return getCustomer(core, actor, id);
}

export async function deleteCustomer(core: Core, actor: Actor, id: number): Promise<void> {
  const before = await repo.findCustomer(core.database.db, id, await scopeFor(core, actor));
  if (!before) throw notFound('Customer');
  ensure(actor, 'delete:customer');
  const db = core.database.db;
  if (await repo.customerHasFollowups(db, id))
    throw new AppError('conflict', 'This customer has follow-ups: they are history and cannot be deleted');
  if (await repo.customerHasOrders(db, id))
    throw new AppError('conflict', 'This customer has orders: delete them first');
  const at = nowIso(core);
  await db.transaction().execute(async (tx) => {
    await repo.deleteCustomer(tx, id);
    await recordAudit(tx, {
      entity: 'customer',
      entityId: id,
      action: 'delete',
      userId: actor.id,
      at,
      before: toCustomer(before),
    });
  });
}

/**
 * The customer a list filter designates by typed text (the follow-up list and its download): the one whose name
 * or code is the text, in any case among the first 20 that contain it (beyond them: the name in any case, the
 * code as typed), else the only customer a search for the text finds; 'none' or 'many' if not.
 */
export async function customerOfFilter(
  core: Core,
  actor: Actor,
  text: string,
): Promise<Customer | 'none' | 'many'> {
  const found = await listCustomers(core, actor, { q: text.slice(0, 200), limit: 20 });
  const folded = foldName(text);
  const exact = found.items.filter((x) => foldName(x.name) === folded || foldName(x.code ?? '') === folded);
  const pick = exact.length === 1 ? exact[0] : found.items.length === 1 ? found.items[0] : undefined;
  if (pick) return pick;
  if (exact.length === 0 && found.nextCursor) {
    // More than 20 customers contain the text: the one named so (any case) or coded so may not be among them.
    const named = await repo.customersNamedExactly(core.database.db, text, await scopeFor(core, actor), 2);
    if (named.length === 1 && named[0]) return toCustomer(named[0]);
  }
  return found.items.length === 0 ? 'none' : 'many';
}

/** The customer someone designates by typing its code or exact name (forms without a select); null if none. */
export async function findCustomerByText(core: Core, actor: Actor, text: string): Promise<Customer | null> {
  const typed = text.trim();
  if (!typed) return null;
  const row = await repo.findCustomerByCodeOrName(core.database.db, typed, await scopeFor(core, actor));
  return row ? toCustomer(row) : null;
}
