// Orders: visibility through their customer, writes for managers and admins, open/closed state.
import { type Actor, ensure } from '../../auth/permissions.ts';
import { scopeFor } from '../../auth/scope.ts';
import { type Core, nowIso } from '../../core.ts';
import { pageOf, parseSort, readCursor } from '../../db/keyset.ts';
import type { OrderUpdate } from '../../db/schema/orders.table.ts';
import { type DayWindows, dayWindows } from '../../shared/clock.ts';
import { isUniqueViolation } from '../../shared/db-errors.ts';
import { AppError, notFound, unprocessable } from '../../shared/errors.ts';
import type { Page } from '../../shared/page.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findCustomer } from '../customers/customer.repository.ts';
import * as repo from './order.repository.ts';
import {
  CLOSED_STATUSES,
  type Order,
  type OrderCreate,
  type OrderListQuery,
  type OrderPatch,
} from './order.schemas.ts';

export const isOpenStatus = (status: string): boolean => !CLOSED_STATUSES.includes(status);

export function formatMoney(v: string | number): string {
  return Number(v).toFixed(2);
}

export function toOrder(r: repo.OrderWithCustomer): Order {
  return {
    id: r.id,
    ref: r.ref,
    customerId: r.customer_id,
    customerName: r.customer_name,
    status: r.status,
    orderDate: r.order_date,
    deliveryDate: r.delivery_date,
    totalExclTax: formatMoney(r.total_excl_tax),
    currency: r.currency,
    customerRef: r.customer_ref,
    externalId: r.external_id,
    nextFollowupAt: r.next_followup_at,
    lastFollowupAt: r.last_followup_at,
    followupCount: Number(r.followup_count),
    nextAssigneeId: r.next_assignee_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function dueBounds(due: string, w: DayWindows): repo.OrderCriteria['due'] {
  switch (due) {
    case 'overdue':
      return { before: w.today };
    case 'today':
      return { from: w.today, to: w.today };
    case 'week':
      return { from: w.today, to: w.endOfWeek };
    case 'due':
      return { to: w.today };
    default:
      return undefined;
  }
}

export async function listOrders(core: Core, actor: Actor, query: OrderListQuery): Promise<Page<Order>> {
  const sort = parseSort(query.sort, '-createdAt', repo.orderSortColumns);
  const cursor = readCursor(query.cursor, sort.token);
  const w = dayWindows(core.clock);
  const rows = await repo.listOrders(
    core.database.db,
    core.database.dialect,
    {
      scope: await scopeFor(core, actor),
      customerId: query.customerId,
      status: query.status,
      assigneeId: query.assigneeId,
      due: query.due && query.due !== 'never' ? dueBounds(query.due, w) : undefined,
      neverFollowedUp: query.due === 'never',
      q: query.q,
    },
    sort,
    cursor,
    query.limit + 1,
  );
  return pageOf(rows.map(toOrder), query.limit, sort.token, (o) => ({
    value: o[sort.key as keyof Order] as string | number | null,
    id: o.id,
  }));
}

export async function getOrder(core: Core, actor: Actor, id: number): Promise<Order> {
  const row = await repo.findOrder(core.database.db, id, await scopeFor(core, actor));
  if (!row) throw notFound('Order');
  return toOrder(row);
}

async function checkCustomer(core: Core, actor: Actor | null, customerId: number): Promise<void> {
  const scope = actor ? await scopeFor(core, actor) : { all: true as const };
  if (!(await findCustomer(core.database.db, customerId, scope)))
    throw unprocessable('customerId', `Unknown customer ${customerId}`);
}

function conflictOn(err: unknown): never {
  if (isUniqueViolation(err)) {
    throw new AppError('conflict', 'Another order already has this ref or external id', [
      { path: 'ref', message: 'already used' },
    ]);
  }
  throw err;
}

export async function createOrder(core: Core, actor: Actor | null, input: OrderCreate): Promise<Order> {
  if (actor) ensure(actor, 'write:order');
  await checkCustomer(core, actor, input.customerId);
  const at = nowIso(core);
  const id = await core.database.db
    .transaction()
    .execute(async (tx) => {
      const newId = await repo.insertOrder(tx, {
        ref: input.ref,
        customer_id: input.customerId,
        status: input.status,
        order_date: input.orderDate ?? null,
        delivery_date: input.deliveryDate ?? null,
        total_excl_tax: input.totalExclTax,
        currency: input.currency,
        customer_ref: input.customerRef || null,
        external_source: input.externalId ? 'api' : null,
        external_id: input.externalId || null,
        is_open: isOpenStatus(input.status) ? 1 : 0,
        followup_count: 0,
        created_at: at,
        updated_at: at,
      });
      await recordAudit(tx, {
        entity: 'order',
        entityId: newId,
        action: 'create',
        userId: actor?.id ?? null,
        at,
      });
      return newId;
    })
    .catch(conflictOn);
  const row = await repo.findOrder(core.database.db, id, { all: true });
  if (!row) throw notFound('Order');
  return toOrder(row);
}

export async function updateOrder(core: Core, actor: Actor, id: number, patch: OrderPatch): Promise<Order> {
  const before = await repo.findOrder(core.database.db, id, await scopeFor(core, actor));
  if (!before) throw notFound('Order');
  ensure(actor, 'write:order');
  if (patch.customerId !== undefined) await checkCustomer(core, actor, patch.customerId);
  const at = nowIso(core);
  const set: OrderUpdate = { updated_at: at };
  if (patch.ref !== undefined) set.ref = patch.ref;
  if (patch.customerId !== undefined) set.customer_id = patch.customerId;
  if (patch.status !== undefined) {
    set.status = patch.status;
    set.is_open = isOpenStatus(patch.status) ? 1 : 0;
  }
  if (patch.orderDate !== undefined) set.order_date = patch.orderDate;
  if (patch.deliveryDate !== undefined) set.delivery_date = patch.deliveryDate;
  if (patch.totalExclTax !== undefined) set.total_excl_tax = patch.totalExclTax;
  if (patch.currency !== undefined) set.currency = patch.currency;
  if (patch.customerRef !== undefined) set.customer_ref = patch.customerRef || null;
  if (patch.externalId !== undefined) {
    set.external_id = patch.externalId || null;
    set.external_source = patch.externalId ? (before.external_source ?? 'api') : null;
  }
  await core.database.db
    .transaction()
    .execute(async (tx) => {
      await repo.updateOrder(tx, id, set);
      if (patch.customerId !== undefined && patch.customerId !== before.customer_id)
        await repo.moveFollowupsToCustomer(tx, id, patch.customerId);
      await recordAudit(tx, {
        entity: 'order',
        entityId: id,
        action: 'update',
        userId: actor.id,
        at,
        before: toOrder(before),
        after: patch,
      });
    })
    .catch(conflictOn);
  return getOrder(core, actor, id);
}

export async function deleteOrder(core: Core, actor: Actor, id: number): Promise<void> {
  const before = await repo.findOrder(core.database.db, id, await scopeFor(core, actor));
  if (!before) throw notFound('Order');
  ensure(actor, 'delete:order');
  if (await repo.orderHasFollowups(core.database.db, id))
    throw new AppError('conflict', 'This order has follow-ups: they are history and cannot be deleted');
  const at = nowIso(core);
  await core.database.db.transaction().execute(async (tx) => {
    await repo.deleteOrder(tx, id);
    await recordAudit(tx, {
      entity: 'order',
      entityId: id,
      action: 'delete',
      userId: actor.id,
      at,
      before: toOrder(before),
    });
  });
}
