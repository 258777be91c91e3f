// The dashboard's counts: what the caller must chase and has done, and the team's for those who see all.
import { type Actor, can } from '../../auth/permissions.ts';
import type { Core } from '../../core.ts';
import { dayWindows } from '../../shared/clock.ts';
import { type DashboardCounts, dashboardCounts } from './dashboard.repository.ts';

export type Dashboard = DashboardCounts & { today: string; team?: DashboardCounts };

export async function getDashboard(core: Core, actor: Actor): Promise<Dashboard> {
  const w = dayWindows(core.clock);
  const mine = await dashboardCounts(core.database.db, w, actor.id);
  if (!can(actor, 'read:dashboard:team')) return { today: w.today, ...mine };
  return { today: w.today, ...mine, team: await dashboardCounts(core.database.db, w, null) };
}
