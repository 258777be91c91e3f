// Row types of the `followups` table.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Channel = 'phone' | 'email' | 'letter' | 'meeting' | 'other';
export type Outcome = 'reached' | 'no_answer' | 'left_message' | 'refused';

export interface FollowupsTable {
  id: Generated<number>;
  order_id: number;
  /** Copy of the order's customer, kept in step by the order service, for filters and visibility. */
  customer_id: number;
  user_id: number;
  channel: Channel;
  outcome: Outcome | null;
  note: string;
  done_at: string;
  next_at: string | null;
  assignee_id: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_by: number | null;
  /** Copy of the customer's sales rep, kept in step by triggers (migration 2026-12-01T0400): never written by the app. */
  sales_rep_id: Generated<number | null>;
}

export type FollowupRow = Selectable<FollowupsTable>;
export type NewFollowupRow = Insertable<FollowupsTable>;
export type FollowupUpdate = Updateable<FollowupsTable>;
