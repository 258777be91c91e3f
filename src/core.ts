// What every service needs: the database and the clock. Built once by the composition root.

import type { Database } from './db/database.ts';
import type { Clock } from './shared/clock.ts';

export interface Core {
  database: Database;
  clock: Clock;
}

export const nowIso = (core: Core): string => core.clock.now().toISOString();
