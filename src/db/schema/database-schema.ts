// The whole database, one interface merged from the per-table files.
import type { CustomersTable } from './customers.table.ts';
import type { DigestSendsTable } from './digest-sends.table.ts';
import type { FollowupsTable } from './followups.table.ts';
import type { LoginAttemptsTable } from './login-attempts.table.ts';
import type { AuditLogTable, SettingsTable } from './misc.table.ts';
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
}
