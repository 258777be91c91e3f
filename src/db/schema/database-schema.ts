// The whole database, one interface merged from the per-table files.
import type { CustomersTable } from './customers.table.ts';
import type { DigestSendsTable } from './digest-sends.table.ts';
import type {
  DolibarrPushedFollowupsTable,
  DolibarrSyncLeaseTable,
  DolibarrSyncRunsTable,
  DolibarrSyncStateTable,
} from './dolibarr.table.ts';
import type { FollowupDayCountsTable } from './followup-day-counts.table.ts';
import type { FollowupHourCountsTable } from './followup-hour-counts.table.ts';
import type { FollowupsTable } from './followups.table.ts';
import type { LoginAttemptsTable } from './login-attempts.table.ts';
import type { AuditLogTable, SettingsTable } from './misc.table.ts';
import type { OrderDueCountsTable } from './order-due-counts.table.ts';
import type { OrderDueTotalsTable } from './order-due-totals.table.ts';
import type { OrdersTable } from './orders.table.ts';
import type { ApiTokensTable, SessionsTable, UsersTable } from './users.table.ts';

export interface DatabaseSchema {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  customers: CustomersTable;
  orders: OrdersTable;
  followups: FollowupsTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  login_attempts: LoginAttemptsTable;
  digest_sends: DigestSendsTable;
  dolibarr_sync_state: DolibarrSyncStateTable;
  dolibarr_sync_runs: DolibarrSyncRunsTable;
  dolibarr_pushed_followups: DolibarrPushedFollowupsTable;
  dolibarr_sync_lease: DolibarrSyncLeaseTable;
  order_due_counts: OrderDueCountsTable;
  order_due_totals: OrderDueTotalsTable;
  followup_hour_counts: FollowupHourCountsTable;
  followup_day_counts: FollowupDayCountsTable;
}
