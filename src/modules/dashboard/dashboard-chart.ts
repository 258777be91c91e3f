// The dashboard chart's data: follow-ups done per week (Monday to Sunday in the deployment's zone) and channel
// over the last 12 weeks, the caller's own or, for roles that see the team, everyone's.
import { type Actor, can } from '../../auth/permissions.ts';
import type { Core } from '../../core.ts';
import { recentWeeks } from '../../shared/clock.ts';
import { forbidden } from '../../shared/errors.ts';
import { CHANNELS } from '../followups/followup.schemas.ts';
import { weeklyFollowupCounts } from './dashboard.repository.ts';

export const CHART_WEEKS = 12;

export interface WeeklyChart {
  /** Monday of each week, oldest first (YYYY-MM-DD). */
  weeks: string[];
  /** Per channel, the count of each week (same order as `weeks`). */
  series: { channel: (typeof CHANNELS)[number]; counts: number[] }[];
  totals: number[];
}

export async function weeklyChart(core: Core, actor: Actor, who: 'mine' | 'team'): Promise<WeeklyChart> {
  if (who === 'team' && !can(actor, 'read:dashboard:team')) throw forbidden();
  const { mondays, bounds } = recentWeeks(core.clock, CHART_WEEKS);
  const rows = await weeklyFollowupCounts(
    core.database.db,
    core.database.dialect,
    bounds,
    CHANNELS,
    who === 'mine' ? actor.id : null,
  );
  const weeks = [...mondays];
  const series = CHANNELS.map((channel) => ({ channel, counts: weeks.map(() => 0) }));
  const totals = weeks.map(() => 0);
  for (const r of rows) {
    const s = series.find((x) => x.channel === r.channel);
    if (!s || r.week < 0 || r.week >= CHART_WEEKS) continue;
    s.counts[r.week] = (s.counts[r.week] ?? 0) + r.n;
    totals[r.week] = (totals[r.week] ?? 0) + r.n;
  }
  return { weeks, series, totals };
}
