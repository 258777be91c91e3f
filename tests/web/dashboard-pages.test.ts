// The dashboard as each role sees it, in English and French: the "Orders to follow up" box with its counts
// (mine, and the team's for roles that see it), the next orders to chase one click from their form, the
// latest follow-ups, and the per-week chart with its table; the counts follow a follow-up recorded in the form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { AppContext } from '../../src/context.ts';
import { createFollowup } from '../../src/modules/followups/followup.service.ts';
import type { Order } from '../../src/modules/orders/order.schemas.ts';
import { customer, order, type Person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { elements, links, logIn, textOf, type Visitor } from './pages-session.ts';

/** The counts table: row header → the five numbers (overdue, today, week, done today, done this week). */
function counts(html: string): Record<string, number[]> {
  const table = /<table class="counts">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  const out: Record<string, number[]> = {};
  for (const row of elements(/<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '', 'tr')) {
    const name = textOf(/<th[^>]*>([\s\S]*?)<\/th>/.exec(row)?.[1] ?? '');
    out[name] = elements(row, 'td').map((td) => Number(textOf(td)));
  }
  return out;
}

const countHeaders = (html: string) =>
  elements(/<table class="counts">[\s\S]*?<thead>([\s\S]*?)<\/thead>/.exec(html)?.[1] ?? '', 'th').map(
    textOf,
  );

/** The next orders to chase: [customer, ref, next date as shown, overdue?]. */
function nextOrders(html: string): { ref: string; overdue: boolean }[] {
  const body = /<table class="striped next-orders">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return elements(body, 'tr')
    .filter((r) => r.includes('/orders/'))
    .map((r) => ({
      ref: /<a href="\/orders\/\d+">([^<]+)<\/a>/.exec(r)?.[1] ?? '',
      overdue: r.includes('class="overdue"'),
    }));
}

interface ChartData {
  labels: string[];
  datasets: { label: string; data: number[] }[];
}
function chartData(html: string): ChartData {
  const raw = /data-chart="([^"]*)"/.exec(html)?.[1] ?? '';
  return JSON.parse(
    raw
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&#39;/g, "'"),
  ) as ChartData;
}

describeEachDialect('dashboard page', (dialect) => {
  let db: TestDatabase;
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  let people: Record<'admin' | 'manager' | 'alice' | 'bob' | 'viewer', Person>;
  let as: Record<'admin' | 'manager' | 'alice' | 'bob' | 'viewer', Visitor>;
  let overdue: Order;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // Thursday 26 November 2026, 10:00 in Paris. This week runs from Monday 23 to Sunday 29 November.
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    app = createApp(ctx);
    people = await team(ctx, 'admin', 'manager', 'alice', 'bob', 'viewer');
    const alice = people.alice.actor;
    const aliceCo = await customer(ctx, 'Boulangerie Alice', people.alice.user.id);
    const bobCo = await customer(ctx, 'Garage Bob', people.bob.user.id);
    const chase = async (
      ref: string,
      nextAt: string,
      doneAt: string,
      channel: 'phone' | 'email' | 'letter' = 'phone',
      status: 'validated' | 'delivered' = 'validated',
    ) => {
      const o = await order(ctx, ref, aliceCo.id, status);
      await createFollowup(ctx, alice, { orderId: o.id, channel, note: `Relance ${ref}`, doneAt, nextAt });
      return o;
    };
    overdue = await chase('CO-LATE', '2026-11-20', '2026-11-13T10:00:00+01:00', 'email');
    await chase('CO-TODAY', '2026-11-26', '2026-11-19T10:00:00+01:00');
    await chase('CO-SAT', '2026-11-28', '2026-11-24T10:00:00+01:00');
    await chase('CO-NEXTWEEK', '2026-12-03', '2026-11-25T10:00:00+01:00');
    await chase('CO-CLOSED', '2026-11-02', '2026-10-25T23:30:00+01:00', 'letter', 'delivered');
    await chase('CO-OLD', '2026-09-10', '2026-09-06T12:00:00+02:00', 'letter', 'delivered');
    const b = await order(ctx, 'CO-BOB', bobCo.id);
    await createFollowup(ctx, people.bob.actor, {
      orderId: b.id,
      channel: 'meeting',
      note: '<img src=x onerror=alert(1)>',
      doneAt: '2026-11-23T09:00:00+01:00',
      nextAt: '2026-11-24',
    });
    as = {
      admin: await logIn(app, 'ada'),
      manager: await logIn(app, 'manon'),
      alice: await logIn(app, 'alice'),
      bob: await logIn(app, 'bob'),
      viewer: await logIn(app, 'victor'),
    };
  });
  afterAll(async () => db?.drop());

  it('shows the box "Orders to follow up" with its counts to every role, in English and French', async () => {
    for (const who of ['admin', 'manager', 'alice', 'bob', 'viewer'] as const) {
      const en = await as[who].get('/?lang=en');
      expect(en.status, who).toBe(200);
      expect(en.html).toContain('<h2 id="box-title">Orders to follow up</h2>');
      expect(countHeaders(en.html)).toEqual([
        'Overdue',
        'Due today',
        'Due this week',
        'Done today',
        'Done this week',
      ]);
      expect(textOf(en.html)).toContain('Next orders to chase');
      expect(textOf(en.html)).toContain('Latest follow-ups done');
      const fr = await as[who].get('/?lang=fr');
      expect(fr.html).toContain('<h2 id="box-title">Commandes à relancer</h2>');
      expect(countHeaders(fr.html)).toEqual([
        'En retard',
        'Aujourd’hui',
        'Cette semaine',
        'Faites aujourd’hui',
        'Faites cette semaine',
      ]);
      expect(textOf(fr.html)).toContain('Relances par semaine et par canal, 12 dernières semaines');
    }
  });

  it("counts a salesperson's own orders, and the team's for managers, admins and viewers", async () => {
    // Alice: CO-LATE overdue, CO-TODAY today, CO-TODAY and CO-SAT this week; she made two follow-ups
    // this week (24th and 25th), none today. Closed orders never count.
    expect(counts((await as.alice.get('/')).html)).toEqual({ Mine: [1, 1, 2, 0, 2] });
    expect(counts((await as.bob.get('/')).html)).toEqual({ Mine: [1, 0, 0, 0, 1] });
    for (const who of ['manager', 'admin', 'viewer'] as const)
      expect(counts((await as[who].get('/?lang=en')).html), who).toEqual({
        Mine: [0, 0, 0, 0, 0],
        Team: [2, 1, 2, 0, 3],
      });
    // Each count opens the matching list.
    const html = (await as.alice.get('/')).html;
    expect(links(html)).toContain(`/followups?due=overdue&assigneeId=${people.alice.user.id}`);
    const list = await as.alice.get(`/followups?due=overdue&assigneeId=${people.alice.user.id}`);
    expect(textOf(list.html)).toContain('CO-LATE');
  });

  it('lists the next orders to chase, overdue first and in red, each one click from its Add form', async () => {
    const html = (await as.alice.get('/')).html;
    expect(nextOrders(html)).toEqual([
      { ref: 'CO-LATE', overdue: true },
      { ref: 'CO-TODAY', overdue: false },
      { ref: 'CO-SAT', overdue: false },
    ]);
    const chase = `/followups/new?orderId=${overdue.id}&return=%2F`;
    expect(links(html)).toContain(chase);
    expect(textOf(html)).toContain('Chase the next one: CO-LATE · Boulangerie Alice');
    const form = await as.alice.get(chase);
    expect(form.status).toBe(200);
    expect(form.html).toContain(`name="context" value="order:${overdue.id}"`);
    // The team view shows who each order is assigned to.
    const team = await as.manager.get('/?lang=en');
    expect(nextOrders(team.html).map((o) => o.ref)).toEqual(['CO-LATE', 'CO-BOB', 'CO-TODAY', 'CO-SAT']);
    expect(textOf(team.html)).toContain('Assigned to');
    const mine = await as.manager.get('/?who=mine&lang=en');
    expect(nextOrders(mine.html)).toEqual([]);
    expect(textOf(mine.html)).toContain('Nothing to chase for now.');
    // The empty tables say so in one cell across all their columns (with the Follow up column, no Assigned to).
    expect(mine.html).toContain('<td colspan="4">Nothing to chase for now.</td>');
    expect(mine.html).toContain('<td colspan="5">No follow-ups.</td>');
    expect(mine.html).not.toContain('Chase the next one');
  });

  it('gives viewers no way to record from the dashboard', async () => {
    const html = (await as.viewer.get('/')).html;
    expect(links(html).some((l) => l.startsWith('/followups/new'))).toBe(false);
    expect(nextOrders(html).length).toBeGreaterThan(0);
  });

  it('shows the latest follow-ups done, notes as text', async () => {
    const html = (await as.manager.get('/?lang=en')).html;
    const latest = /<section class="dash-latest"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(textOf(latest)).toContain('Garage Bob');
    expect(latest).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    // A salesperson sees only their own customers' follow-ups.
    expect(textOf((await as.alice.get('/')).html)).not.toContain('Garage Bob');
  });

  it('charts follow-ups per week and channel over 12 weeks, with the same data as a table', async () => {
    const html = (await as.manager.get('/?lang=en')).html;
    const data = chartData(html);
    expect(data.labels).toHaveLength(12);
    expect(data.labels[0]).toBe('7 Sept');
    expect(data.labels[11]).toBe('23 Nov');
    const series = Object.fromEntries(data.datasets.map((d) => [d.label, d.data]));
    expect(Object.keys(series)).toEqual(['Phone', 'E-mail', 'Letter', 'Meeting', 'Other']);
    // Week of 23 Nov: two phone calls (24th, 25th) and Bob's meeting. Sunday 25 Oct 23:30, the day the clocks
    // went back, is still in the week of 19 Oct (a week counted as 7 × 24 h from September would say 26 Oct);
    // 6 Sept is before the 12 weeks.
    expect(series.Phone?.[11]).toBe(2);
    expect(series.Meeting?.[11]).toBe(1);
    expect(series.Letter?.[6]).toBe(1);
    expect(data.labels[6]).toBe('19 Oct');
    expect(series.Letter?.reduce((a, b) => a + b, 0)).toBe(1);
    const table = /<details class="chart-data"[^>]*>([\s\S]*?)<\/details>/.exec(html)?.[1] ?? '';
    const rows = elements(/<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '', 'tr');
    expect(rows).toHaveLength(12);
    expect(elements(rows[11] ?? '', 'td').map(textOf)).toEqual(['2', '0', '0', '1', '0', '3']);
    expect(html).toContain('<script src="/assets/chart.umd.min.js" defer');
    // Alice's chart has only her follow-ups.
    const mine = chartData((await as.alice.get('/')).html);
    expect(mine.datasets.find((d) => d.label === 'Meeting')?.data[11]).toBe(0);
    const fr = chartData((await as.manager.get('/?lang=fr')).html);
    expect(fr.datasets.map((d) => d.label)).toEqual([
      'Téléphone',
      'E-mail',
      'Courrier',
      'Rendez-vous',
      'Autre',
    ]);
  });

  it('serves Chart.js and the chart script from the app itself', async () => {
    for (const asset of [
      '/assets/chart.umd.min.js',
      '/assets/dashboard-chart.js',
      '/assets/followup-form.js',
    ]) {
      const res = await app.request(asset);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/javascript');
      expect((await res.text()).length).toBeGreaterThan(500);
    }
  });

  describe('after a follow-up is recorded through the form', () => {
    it('moves the order out of the overdue count at once', async () => {
      const before = counts((await as.alice.get('/')).html).Mine;
      const res = await as.alice.post('/followups', {
        context: `order:${overdue.id}`,
        channel: 'phone',
        note: 'Rappelée, elle réfléchit',
        preset: '2w',
        return: '/',
      });
      expect(res.status).toBe(303);
      expect(res.location).toMatch(/^\/\?saved=\d+$/);
      const after = await as.alice.get(res.location ?? '/');
      expect(counts(after.html).Mine).toEqual([0, 1, 2, 1, (before?.[4] ?? 0) + 1]);
      expect(nextOrders(after.html).map((o) => o.ref)).toEqual(['CO-TODAY', 'CO-SAT']);
      expect(textOf(after.html)).toContain('Chase the next one: CO-TODAY · Boulangerie Alice');
      expect(textOf(after.html)).toContain('Follow-up recorded on CO-LATE.');
      const team = counts((await as.manager.get('/?lang=en')).html).Team;
      expect(team?.[0]).toBe(1);
    });
  });
});

describeEachDialect('dashboard page of a salesperson with nothing due yet', (dialect) => {
  let db: TestDatabase;
  let alice: Visitor;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // Thursday 26 November 2026, 10:00 in Paris; Alice's orders are due on Friday 27 and Saturday 28.
    const ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    const app = createApp(ctx);
    const { alice: who } = await team(ctx, 'alice');
    const co = await customer(ctx, 'Boulangerie Alice', who.user.id);
    for (const [ref, nextAt] of [
      ['CO-FRI', '2026-11-27'],
      ['CO-SAT', '2026-11-28'],
    ] as const) {
      const o = await order(ctx, ref, co.id);
      await createFollowup(ctx, who.actor, {
        orderId: o.id,
        channel: 'phone',
        note: `Relance ${ref}`,
        doneAt: '2026-11-24T10:00:00+01:00',
        nextAt,
      });
    }
    alice = await logIn(app, 'alice');
  });
  afterAll(async () => db?.drop());

  it('shows the orders due later this week under the next orders, with no button to chase one now', async () => {
    for (const lang of ['en', 'fr']) {
      const html = (await alice.get(`/?lang=${lang}`)).html;
      // Her own row only ("Mine", "Moi"…): nothing overdue or due today, two due this week.
      expect(Object.values(counts(html)), lang).toEqual([[0, 0, 2, 0, 2]]);
      expect(nextOrders(html), lang).toEqual([
        { ref: 'CO-FRI', overdue: false },
        { ref: 'CO-SAT', overdue: false },
      ]);
      // Nothing is due today or overdue: no one-click "chase the next one" button, in any language.
      expect(html, lang).not.toContain('chase-next');
    }
    expect(textOf((await alice.get('/?lang=en')).html)).not.toContain('Chase the next one');
  });
});
