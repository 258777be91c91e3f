// The composition root's product: everything web, API and CLI share.

import { loadSecret } from './auth/app-secret.ts';
import type { Config } from './config.ts';
import { databaseOptions, zoneOf } from './config.ts';
import type { Core } from './core.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrator.ts';
import { type Clock, systemClock } from './shared/clock.ts';

export interface AppContext extends Core {
  config: Config;
}

export async function createContext(config: Config, options: { clock?: Clock; migrate?: boolean } = {}) {
  const database = openDatabase(config.DATABASE_URL, databaseOptions(config));
  if (options.migrate !== false) await migrateToLatest(database.db);
  const secret = await loadSecret(database.db, config.RELANCE_SECRET);
  const ctx: AppContext = { database, clock: options.clock ?? systemClock(zoneOf(config)), config, secret };
  return ctx;
}
