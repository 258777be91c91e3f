// Row type of `order_due_totals`: open orders with a next date, totalled per assignee by triggers
// (the sum of the assignee's `order_due_counts` over every day).
export interface OrderDueTotalsTable {
  /** The assignee; 0 counts the whole team, -1 orders without an assignee. */
  assignee_id: number;
  n: number;
}
