// The follow-up form's order picker: orders found by ref prefix or customer name for search-as-you-type,
// an exact ref typed without JavaScript, and a customer's orders for the customer card's form.
import type { Actor } from '../../auth/permissions.ts';
import { scopeFor } from '../../auth/scope.ts';
import type { Core } from '../../core.ts';
import * as orders from '../orders/order.repository.ts';

export interface OrderChoice {
  id: number;
  ref: string;
  customerId: number;
  customerName: string;
  status: orders.OrderChoiceRow['status'];
  open: boolean;
  nextFollowupAt: string | null;
}

const toChoice = (r: orders.OrderChoiceRow): OrderChoice => ({
  id: r.id,
  ref: r.ref,
  customerId: r.customer_id,
  customerName: r.customer_name,
  status: r.status,
  open: Number(r.is_open) === 1,
  nextFollowupAt: r.next_followup_at,
});

export const PICKER_LIMIT = 12;

/**
 * Orders matching what the user typed: refs starting with it first (in ref order), then the orders of
 * customers whose name or code contains it (open first). Both are index-driven and LIMITed.
 */
export async function pickOrders(
  core: Core,
  actor: Actor,
  text: string,
  options: { customerId?: number | undefined; limit?: number } = {},
): Promise<OrderChoice[]> {
  const q = text.trim().slice(0, 60);
  if (!q) return [];
  const limit = options.limit ?? PICKER_LIMIT;
  const k = { scope: await scopeFor(core, actor), customerId: options.customerId };
  const { db, dialect } = core.database;
  const byRef = await orders.pickOrdersByRefPrefix(db, dialect, k, q, limit);
  const found = new Map(byRef.map((r) => [r.id, toChoice(r)]));
  if (found.size < limit && q.length >= 2) {
    for (const r of await orders.pickOrdersByCustomerText(db, dialect, k, q, limit)) {
      if (found.size >= limit) break;
      if (!found.has(r.id)) found.set(r.id, toChoice(r));
    }
  }
  const lower = q.toLowerCase();
  return [...found.values()].sort(
    (a, b) => Number(b.ref.toLowerCase() === lower) - Number(a.ref.toLowerCase() === lower),
  );
}

/** The order whose ref is exactly `ref` (any case), among those the actor may see. */
export async function orderByRef(core: Core, actor: Actor, ref: string): Promise<OrderChoice | null> {
  const wanted = ref.trim();
  if (!wanted) return null;
  const scope = await scopeFor(core, actor);
  const exact = await orders.findOrderByRef(core.database.db, wanted, scope);
  if (exact)
    return toChoice({
      id: exact.id,
      ref: exact.ref,
      customer_id: exact.customer_id,
      customer_name: exact.customer_name,
      status: exact.status,
      is_open: exact.is_open,
      next_followup_at: exact.next_followup_at,
    });
  const near = await orders.pickOrdersByRefPrefix(
    core.database.db,
    core.database.dialect,
    { scope },
    wanted,
    2,
  );
  return near.map(toChoice).find((o) => o.ref.toLowerCase() === wanted.toLowerCase()) ?? null;
}

export const CUSTOMER_CHOICES_MAX = 300;

/** A customer's orders, open first, for a select; `more` when the customer has more than fit. */
export async function customerOrders(
  core: Core,
  actor: Actor,
  customerId: number,
): Promise<{ items: OrderChoice[]; more: boolean }> {
  const rows = await orders.customerOrderChoices(
    core.database.db,
    customerId,
    await scopeFor(core, actor),
    CUSTOMER_CHOICES_MAX + 1,
  );
  return {
    items: rows.slice(0, CUSTOMER_CHOICES_MAX).map(toChoice),
    more: rows.length > CUSTOMER_CHOICES_MAX,
  };
}
