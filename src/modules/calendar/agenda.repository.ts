// SQL for a user's agenda: the open orders whose next follow-up is theirs, with the latest note.
// Shared by the calendar feed and the morning digest; reads the maintained order summary and its index.
import { sql } from 'kysely';
import type { CustomerScope } from '../../auth/permissions.ts';
import type { Executor } from '../../db/database.ts';

export interface AgendaRow {
  orderId: number;
  ref: string;
  customerName: string;
  /** The order's next follow-up date (YYYY-MM-DD). */
  nextAt: string;
  /** Note of the latest follow-up, the one that set the date. */
  note: string;
  /** When that follow-up was last changed (UTC ISO). */
  changedAt: string | null;
}

/** Bounds on the next date: `before` exclusive, `from`/`to` inclusive. */
export interface AgendaBounds {
  before?: string;
  from?: string;
  to?: string;
}

function agenda(db: Executor, userId: number, scope: CustomerScope, bounds: AgendaBounds) {
  let q = db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .where('o.is_open', '=', 1)
    .where('o.next_assignee_id', '=', userId)
    .where('o.next_followup_at', 'is not', null);
  if (!scope.all) q = q.where('c.sales_rep_id', '=', scope.salesRepId);
  if (bounds.before) q = q.where('o.next_followup_at', '<', bounds.before);
  if (bounds.from) q = q.where('o.next_followup_at', '>=', bounds.from);
  if (bounds.to) q = q.where('o.next_followup_at', '<=', bounds.to);
  return q;
}

/** The earliest `limit` entries within the bounds, by date then order id. */
export async function listAgenda(
  db: Executor,
  userId: number,
  scope: CustomerScope,
  bounds: AgendaBounds,
  limit: number,
): Promise<AgendaRow[]> {
  const rows = await agenda(db, userId, scope, bounds)
    .leftJoin('followups as f', 'f.id', 'o.last_followup_id')
    .select([
      'o.id as orderId',
      'o.ref',
      'c.name as customerName',
      sql<string>`o.next_followup_at`.as('nextAt'),
      'f.note',
      'f.updated_at as changedAt',
    ])
    .orderBy('o.next_followup_at')
    .orderBy('o.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, note: r.note ?? '', changedAt: r.changedAt ?? null }));
}

export async function countAgenda(
  db: Executor,
  userId: number,
  scope: CustomerScope,
  bounds: AgendaBounds,
): Promise<number> {
  const r = await agenda(db, userId, scope, bounds)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
