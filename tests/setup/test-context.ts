// A context over a test database with a clock the test sets.
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import type { Clock } from '../../src/shared/clock.ts';
import type { TestDatabase } from './test-database.ts';

export interface TestClock extends Clock {
  set(iso: string): void;
}

export function testClock(iso: string, zone = 'Europe/Paris'): TestClock {
  let current = new Date(iso);
  return {
    zone,
    now: () => new Date(current),
    set(next: string) {
      current = new Date(next);
    },
  };
}

export function testContext(db: TestDatabase, clock: TestClock): AppContext {
  return {
    database: db.database,
    clock,
    config: loadConfig({ DATABASE_URL: db.url }),
    secret: 'test-secret-0123456789',
  };
}
