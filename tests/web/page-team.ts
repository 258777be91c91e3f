// The team the page tests follow: a database of their own on the test clock (Thursday 26 November 2026, 10:00
// in Paris), the app, one person per role (Ada the admin, Manon the manager, Alice and Bob in sales, Victor
// the viewer), and Ada, Manon, Alice and Victor logged in through the login page.
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { AppContext } from '../../src/context.ts';
import type { Dialect } from '../../src/db/database.ts';
import { team as members, type Person } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.ts';
import { logIn, type Visitor } from './pages-session.ts';

export interface PageTeam {
  ctx: AppContext;
  app: ReturnType<typeof createApp>;
  people: Record<'admin' | 'manager' | 'alice' | 'bob' | 'viewer', Person>;
  /** The logged-in visitors (Bob is not logged in). */
  as: Record<'admin' | 'manager' | 'alice' | 'viewer', Visitor>;
}

/**
 * Sets the team up before the file's first test and drops its database after the last. `arrange` records the
 * story's data once everyone exists and before anyone logs in. `people` and `as` are filled in place, so they
 * may be destructured at once; `ctx` and `app` are read from the team inside tests.
 */
export function pageTeam(dialect: Dialect, arrange?: (team: PageTeam) => Promise<void>): PageTeam {
  const team = { people: {}, as: {} } as PageTeam;
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    team.ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    team.app = createApp(team.ctx);
    Object.assign(team.people, await members(team.ctx, 'admin', 'manager', 'alice', 'bob', 'viewer'));
    await arrange?.(team);
    Object.assign(team.as, {
      admin: await logIn(team.app, 'ada'),
      manager: await logIn(team.app, 'manon'),
      alice: await logIn(team.app, 'alice'),
      viewer: await logIn(team.app, 'victor'),
    });
  });
  afterAll(async () => db?.drop());
  return team;
}
