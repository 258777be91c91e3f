// What a follow-up list page shows besides the rows: which rows carry their open order's current next date
// (only those can be overdue), and today's date in the deployment's zone.
import type { Actor } from '../../auth/permissions.ts';
import type { Core } from '../../core.ts';
import { dayWindows } from '../../shared/clock.ts';
import type { Page } from '../../shared/page.ts';
import type { Followup, FollowupListQuery } from './followup.schemas.ts';
import { listFollowups } from './followup.service.ts';

export interface FollowupListView {
  page: Page<Followup>;
  current: Set<number>;
  today: string;
}

export async function followupListView(
  core: Core,
  actor: Actor,
  query: Omit<FollowupListQuery, 'limit'> & { limit: number },
): Promise<FollowupListView> {
  const page = await listFollowups(core, actor, query, { markCurrent: true });
  const current = new Set(page.items.filter((f) => Number(f.isCurrent) === 1).map((f) => f.id));
  return { page, current, today: dayWindows(core.clock).today };
}
