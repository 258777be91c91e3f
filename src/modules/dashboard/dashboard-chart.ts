// The dashboard chart's data: follow-ups done per week (Monday to Sunday in the deployment's zone) and channel
// over the last 12 weeks, the caller's own or, for roles that see the team, everyone's.
import { DateTime } from 'luxon';
import { type Actor, can } from '../../auth/permissions.ts';
import type { Core } from '../../core.ts';
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
  const thisWeek = DateTime.fromJSDate(core.clock.now()).setZone(core.clock.zone).startOf('week');
  const starts = Array.from({ length: CHART_WEEKS + 1 }, (_, i) =>
    thisWeek.minus({ weeks: CHART_WEEKS - 1 - i }),
  );
  const rows = await weeklyFollowupCounts(
    core.database.db,
    core.database.dialect,
    starts.map((d) => d.toUTC().toISO() ?? ''),
    CHANNELS,
    who === 'mine' ? actor.id : null,
  );
  const weeks = starts.slice(0, CHART_WEEKS).map((d) => d.toISODate() ?? '');
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
