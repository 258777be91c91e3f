// The dashboard (/): the "Orders to follow up" box with the due counts (mine, and the team's for roles that
// see it), the next orders to chase one click from their Add form, the latest follow-ups done, and the
// follow-ups per week by channel as a Chart.js chart over an accessible table (which is all there is without JS).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../api/app-env.ts';
import { type Actor, can } from '../../auth/permissions.ts';
import { type DayWindows, dayWindows } from '../../shared/clock.ts';
import { ownAsset, registerAsset } from '../../web/assets.ts';
import { EmptyRow } from '../../web/components/list.tsx';
import { renderPage } from '../../web/components/page-kit.tsx';
import type { Translate } from '../../web/i18n/i18n.ts';
import { requireLogin } from '../../web/web-auth.ts';
import { listFollowups } from '../followups/followup.service.ts';
import { showDateTime, showShortDay } from '../followups/followup-format.ts';
import { SavedMessage, savedFollowup } from '../followups/followup-section.tsx';
import { NextDate } from '../followups/followup-table.tsx';
import type { Order } from '../orders/order.schemas.ts';
import { listOrders } from '../orders/order.service.ts';
import { listUserChoices } from '../users/user.service.ts';
import type { DashboardCounts } from './dashboard.repository.ts';
import { getDashboard } from './dashboard.service.ts';
import { type WeeklyChart, weeklyChart } from './dashboard-chart.ts';

const NEXT_SHOWN = 8;
const LATEST_SHOWN = 8;
const CHANNEL_COLOURS: Record<string, string> = {
  phone: '#1e88e5',
  email: '#43a047',
  letter: '#fb8c00',
  meeting: '#8e24aa',
  other: '#757575',
};

type Who = 'mine' | 'team';

/** Sales see their own; roles that see the team see it by default and may switch to theirs. */
function whoOf(c: Context<AppEnv>, actor: Actor): Who {
  if (!can(actor, 'read:dashboard:team')) return 'mine';
  return c.req.query('who') === 'mine' ? 'mine' : 'team';
}

/** The open orders to chase next: due (overdue, then today), then the rest of the week. */
async function nextOrders(c: Context<AppEnv>, actor: Actor, who: Who, w: DayWindows): Promise<Order[]> {
  const ctx = c.get('ctx');
  const base = {
    sort: 'nextFollowupAt',
    limit: NEXT_SHOWN,
    ...(who === 'mine' ? { assigneeId: actor.id } : {}),
  };
  const due = await listOrders(ctx, actor, { ...base, due: 'due' });
  if (due.items.length >= NEXT_SHOWN) return due.items;
  const week = await listOrders(ctx, actor, { ...base, due: 'week' });
  return [...due.items, ...week.items.filter((o) => (o.nextFollowupAt ?? '') > w.today)].slice(0, NEXT_SHOWN);
}

function CountsTable(props: {
  t: Translate;
  mine: DashboardCounts;
  team: DashboardCounts | undefined;
  actor: Actor;
  w: DayWindows;
}) {
  const { t, w } = props;
  const link = (who: Who, params: Record<string, string>) => {
    const s = new URLSearchParams(params);
    if (who === 'mine') s.set(params.due ? 'assigneeId' : 'userId', String(props.actor.id));
    return `/followups?${s.toString()}`;
  };
  const row = (who: Who, counts: DashboardCounts) => {
    return (
      <tr>
        <th scope="row">{t(who === 'mine' ? 'dashboard.mine' : 'dashboard.team')}</th>
        <td>
          <a href={link(who, { due: 'overdue' })} class={counts.overdue > 0 ? 'overdue' : undefined}>
            {counts.overdue}
          </a>
        </td>
        <td>
          <a href={link(who, { due: 'today' })}>{counts.dueToday}</a>
        </td>
        <td>
          <a href={link(who, { due: 'week' })}>{counts.dueThisWeek}</a>
        </td>
        <td>
          <a href={link(who, { doneFrom: w.today, doneTo: w.today })}>{counts.doneToday}</a>
        </td>
        <td>
          <a href={link(who, { doneFrom: mondayOf(w), doneTo: w.today })}>{counts.doneThisWeek}</a>
        </td>
      </tr>
    );
  };
  return (
    <div class="table-wrap">
      <table class="counts">
        <caption class="visually-hidden">{t('dashboard.counts')}</caption>
        <thead>
          <tr>
            <td></td>
            <th scope="col">{t('dashboard.overdue')}</th>
            <th scope="col">{t('dashboard.dueToday')}</th>
            <th scope="col">{t('dashboard.dueWeek')}</th>
            <th scope="col">{t('dashboard.doneToday')}</th>
            <th scope="col">{t('dashboard.doneWeek')}</th>
          </tr>
        </thead>
        <tbody>
          {row('mine', props.mine)}
          {props.team ? row('team', props.team) : null}
        </tbody>
      </table>
    </div>
  );
}

/** Monday of the current week (the day endOfWeek is the Sunday of). */
function mondayOf(w: DayWindows): string {
  const sunday = new Date(`${w.endOfWeek}T12:00:00Z`);
  sunday.setUTCDate(sunday.getUTCDate() - 6);
  return sunday.toISOString().slice(0, 10);
}

function Chart(props: { t: Translate; chart: WeeklyChart; labels: string[] }) {
  const { t, chart, labels } = props;
  const data = {
    labels,
    datasets: chart.series.map((s) => ({
      label: t(`channel.${s.channel}`),
      data: s.counts,
      backgroundColor: CHANNEL_COLOURS[s.channel],
    })),
  };
  return (
    <section class="dash-chart" aria-labelledby="chart-title">
      <h2 id="chart-title">{t('dashboard.chart')}</h2>
      <div class="chart-box">
        <canvas
          id="followups-chart"
          data-chart={JSON.stringify(data)}
          role="img"
          aria-label={t('dashboard.chart')}
        ></canvas>
      </div>
      <details class="chart-data" open>
        <summary>{t('dashboard.chartTable')}</summary>
        <div class="table-wrap">
          <table class="striped">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.week')}</th>
                {chart.series.map((s) => (
                  <th scope="col">{t(`channel.${s.channel}`)}</th>
                ))}
                <th scope="col">{t('dashboard.total')}</th>
              </tr>
            </thead>
            <tbody>
              {chart.weeks.map((week, i) => (
                <tr>
                  <th scope="row">
                    <time datetime={week}>{labels[i]}</time>
                  </th>
                  {chart.series.map((s) => (
                    <td>{s.counts[i] ?? 0}</td>
                  ))}
                  <td>{chart.totals[i] ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

async function dashboardPage(c: Context<AppEnv>): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const locale = c.get('locale');
  const w = dayWindows(ctx.clock);
  const who = whoOf(c, actor);
  const canAdd = can(actor, 'create:followup');
  // The page's reads are independent of each other: on PostgreSQL they run side by side.
  const [counts, next, latest, chart, users, mine, saved] = await Promise.all([
    getDashboard(ctx, actor),
    nextOrders(c, actor, who, w),
    listFollowups(ctx, actor, {
      sort: '-doneAt',
      limit: LATEST_SHOWN,
      ...(who === 'mine' ? { userId: actor.id } : {}),
    }),
    weeklyChart(ctx, actor, who),
    who === 'team' ? listUserChoices(ctx) : null,
    // The user's own next due order, whatever the view: the one-click start of the chase. In their own view
    // it is already the first of the next orders (which start with their due ones), so it is not read twice.
    canAdd && who === 'team'
      ? listOrders(ctx, actor, { due: 'due', assigneeId: actor.id, sort: 'nextFollowupAt', limit: 1 })
      : null,
    savedFollowup(c),
  ]);
  const names = users ? new Map(users.map((u) => [u.id, u.name])) : null;
  const myNext =
    canAdd && who === 'mine' ? next.find((o) => (o.nextFollowupAt ?? '') <= w.today) : mine?.items[0];
  const chase = (o: Order) => `/followups/new?orderId=${o.id}&return=${encodeURIComponent('/')}`;
  const switchLink = (to: Who) =>
    who === to ? (
      <strong aria-current="true">{t(to === 'mine' ? 'dashboard.mine' : 'dashboard.team')}</strong>
    ) : (
      <a href={`/?who=${to}`}>{t(to === 'mine' ? 'dashboard.mine' : 'dashboard.team')}</a>
    );
  return renderPage(
    c,
    { title: t('menu.dashboard'), path: '/' },
    <>
      <h1 class="visually-hidden">{t('menu.dashboard')}</h1>
      {can(actor, 'read:dashboard:team') ? (
        <nav class="who-switch" aria-label={t('dashboard.show')}>
          {t('dashboard.show')} : {switchLink('mine')} · {switchLink('team')}
        </nav>
      ) : null}
      <SavedMessage c={c} saved={saved} />
      <section class="dash-box" aria-labelledby="box-title">
        <h2 id="box-title">{t('dashboard.box')}</h2>
        <CountsTable t={t} mine={counts} team={counts.team} actor={actor} w={w} />
        {myNext ? (
          <p>
            <a href={chase(myNext)} class="button-link chase-next">
              {t('dashboard.chaseNext', { ref: myNext.ref, customer: myNext.customerName })}
            </a>
          </p>
        ) : null}
        <h3>{t('dashboard.next')}</h3>
        <div class="table-wrap">
          <table class="striped next-orders">
            <thead>
              <tr>
                <th scope="col">{t('col.customer')}</th>
                <th scope="col">{t('col.order')}</th>
                <th scope="col">{t('col.nextAt')}</th>
                {names ? <th scope="col">{t('dashboard.assignee')}</th> : null}
                {canAdd ? (
                  <th scope="col">
                    <span class="visually-hidden">{t('dashboard.followUp')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {next.length === 0 ? (
                <EmptyRow colspan={3 + (names ? 1 : 0) + (canAdd ? 1 : 0)}>
                  {t('dashboard.next.none')}
                </EmptyRow>
              ) : null}
              {next.map((o) => (
                <tr>
                  <td>
                    <a href={`/customers/${o.customerId}`}>{o.customerName}</a>
                  </td>
                  <td>
                    <a href={`/orders/${o.id}`}>{o.ref}</a>
                  </td>
                  <td>
                    <NextDate t={t} locale={locale} day={o.nextFollowupAt} today={w.today} live />
                  </td>
                  {names ? <td>{o.nextAssigneeId ? (names.get(o.nextAssigneeId) ?? '') : ''}</td> : null}
                  {canAdd ? (
                    <td>
                      <a href={chase(o)} aria-label={`${t('dashboard.followUp')} ${o.ref}`}>
                        {t('dashboard.followUp')}
                      </a>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <a href="/queue">{t('menu.queue')}</a>
        </p>
      </section>
      <section class="dash-latest" aria-labelledby="latest-title">
        <h2 id="latest-title">{t('dashboard.latest')}</h2>
        <div class="table-wrap">
          <table class="striped">
            <thead>
              <tr>
                <th scope="col">{t('col.date')}</th>
                <th scope="col">{t('col.customer')}</th>
                <th scope="col">{t('col.order')}</th>
                <th scope="col">{t('col.note')}</th>
                <th scope="col">{t('col.user')}</th>
              </tr>
            </thead>
            <tbody>
              {latest.items.length === 0 ? <EmptyRow colspan={5}>{t('followups.empty')}</EmptyRow> : null}
              {latest.items.map((f) => (
                <tr>
                  <td>
                    <time datetime={f.doneAt}>{showDateTime(locale, f.doneAt, ctx.clock.zone)}</time>
                  </td>
                  <td>
                    <a href={`/customers/${f.customerId}`}>{f.customerName}</a>
                  </td>
                  <td>
                    <a href={`/orders/${f.orderId}`}>{f.orderRef}</a>
                  </td>
                  <td class="note">{f.note.length > 200 ? `${f.note.slice(0, 200)}…` : f.note}</td>
                  <td>{f.userName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <a href="/followups">{t('dashboard.seeAll')}</a>
        </p>
      </section>
      <Chart t={t} chart={chart} labels={chart.weeks.map((d) => showShortDay(locale, d))} />
      <script src="/assets/chart.umd.min.js" defer></script>
      <script src="/assets/dashboard-chart.js" defer></script>
    </>,
  );
}

export function registerDashboardPages(app: Hono<AppEnv>): void {
  const require = createRequire(import.meta.url);
  registerAsset('chart.umd.min.js', join(require.resolve('chart.js'), '..', 'chart.umd.min.js'));
  registerAsset('dashboard-chart.js', ownAsset('dashboard-chart.js'));
  app.get('/', requireLogin, (c) => dashboardPage(c));
}
