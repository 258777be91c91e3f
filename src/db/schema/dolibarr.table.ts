// Row types of the Dolibarr bridge's tables: import progress, run reports, pushed follow-ups, the sync lease.
import type { Generated, Selectable } from 'kysely';

export interface DolibarrSyncStateTable {
  /** `thirdparties` or `orders`, a space, and the API root read from (see stateKey). */
  entity: string;
  /** Dolibarr's clock (Unix seconds) at the start of the last successful import (bigint, read as a number). */
  since_epoch: number;
  max_modified_epoch: number | null;
  updated_at: string;
}

export type SyncTrigger = 'cli' | 'schedule' | 'manual';
export type SyncRunStatus = 'running' | 'ok' | 'failed';

export interface DolibarrSyncRunsTable {
  id: Generated<number>;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  started_at: string;
  finished_at: string | null;
  /** JSON of the SyncReport. */
  report_json: string | null;
  error: string | null;
}

export interface DolibarrPushedFollowupsTable {
  followup_id: number;
  state: 'pending' | 'pushed';
  /** Dolibarr's agenda event id, once known. */
  event_id: string | null;
  created_at: string;
  pushed_at: string | null;
}

export interface DolibarrSyncLeaseTable {
  name: string;
  /** Who holds it (a random id per runner), or null once released. */
  holder: string | null;
  expires_at: string;
}

export type DolibarrSyncRunRow = Selectable<DolibarrSyncRunsTable>;
