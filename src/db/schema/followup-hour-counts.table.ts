// Row type of `followup_hour_counts`: live follow-ups per user, channel and UTC hour, counted by triggers.
export interface FollowupHourCountsTable {
  /** The user who made them; 0 counts the whole team. */
  user_id: number;
  channel: string;
  /** Start of the UTC hour (ISO string on SQLite, timestamptz read back as an ISO string on PostgreSQL). */
  hour: string;
  n: number;
}
