// What every service needs: the database and the clock. Built once by the composition root.

import type { Database } from './db/database.ts';
import type { Clock } from './shared/clock.ts';

export interface Core {
  database: Database;
  clock: Clock;
  /** Signs session cookies (RELANCE_SECRET, or generated and kept in the database). */
  secret: string;
}

export const nowIso = (core: Core): string => core.clock.now().toISOString();
