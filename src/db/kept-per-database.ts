// Values worked out once per database and key (a query's plan, a compiled query), the newest `max` of them:
// when full, the oldest key goes. Kept per executor, so a database closed (or a transaction ended) takes its
// values with it.
import type { Executor } from './database.ts';

export interface KeptPerDatabase<V> {
  get(db: Executor, key: string): V | undefined;
  set(db: Executor, key: string, value: V): void;
}

export function keptPerDatabase<V>(max: number): KeptPerDatabase<V> {
  const byDatabase = new WeakMap<Executor, Map<string, V>>();
  return {
    get: (db, key) => byDatabase.get(db)?.get(key),
    set(db, key, value) {
      let kept = byDatabase.get(db);
      if (!kept) {
        kept = new Map();
        byDatabase.set(db, kept);
      }
      if (kept.size >= max) kept.delete(kept.keys().next().value as string);
      kept.set(key, value);
    },
  };
}
