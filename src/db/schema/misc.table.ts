// Row types of the small tables: settings and the audit trail.
import type { Generated } from 'kysely';

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  entity: string;
  entity_id: number;
  action: 'create' | 'update' | 'delete';
  user_id: number | null;
  at: string;
  /** JSON of the record before and after the change (null for create / delete). */
  before_json: string | null;
  after_json: string | null;
}
