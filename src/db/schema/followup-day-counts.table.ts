// Row type of `followup_day_counts`: live follow-ups per user, channel and UTC day, counted by triggers.
export interface FollowupDayCountsTable {
  /** The user who made them; 0 counts the whole team. */
  user_id: number;
  channel: string;
  /** The UTC day (YYYY-MM-DD on SQLite, a date on PostgreSQL). */
  day: string;
  n: number;
}
