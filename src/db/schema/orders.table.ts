// Row types of the `orders` table, with the follow-up summary the service keeps up to date.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type OrderStatus = 'draft' | 'validated' | 'in_progress' | 'delivered' | 'cancelled';

export interface OrdersTable {
  id: Generated<number>;
  ref: string;
  customer_id: number;
  status: OrderStatus;
  order_date: string | null;
  delivery_date: string | null;
  /** NUMERIC(14,2); read back as string (PostgreSQL) or number (SQLite), normalised in the repository. */
  total_excl_tax: string | number;
  currency: string;
  customer_ref: string | null;
  external_source: string | null;
  external_id: string | null;
  /** 1 while the order is neither delivered nor cancelled: the due queries filter on it. */
  is_open: number;
  /** nextAt of the latest live follow-up (greatest done_at, then id), or null. */
  next_followup_at: string | null;
  /** Assignee of that latest follow-up: whose queue the order is in. */
  next_assignee_id: number | null;
  /** The latest live follow-up itself, so lists can tell a current next date from a superseded one. */
  last_followup_id: number | null;
  last_followup_at: string | null;
  followup_count: number;
  created_at: string;
  updated_at: string;
}

export type OrderRow = Selectable<OrdersTable>;
export type NewOrderRow = Insertable<OrdersTable>;
export type OrderUpdate = Updateable<OrdersTable>;
