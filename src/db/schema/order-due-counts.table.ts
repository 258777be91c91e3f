// Row type of `order_due_counts`: open orders with a next date, counted per assignee and day by triggers.
export interface OrderDueCountsTable {
  /** The assignee; 0 counts the whole team, -1 orders without an assignee. */
  assignee_id: number;
  /** The orders' next follow-up date (YYYY-MM-DD). */
  day: string;
  n: number;
}
