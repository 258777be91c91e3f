// What the scale work (issue 4) keeps in step behind the services, on SQLite and PostgreSQL: text search
// finds the same follow-ups whichever of its two query shapes runs, the dashboard's maintained due counts
// always equal a recount of the orders, and a customer's sales rep follows its follow-ups.
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SPARSE_CANDIDATES_MAX, searchTuning, WALKED_PARENTS_MAX } from '../../src/db/text-search.ts';
import { listCustomers, updateCustomer } from '../../src/modules/customers/customer.service.ts';
import { getDashboard } from '../../src/modules/dashboard/dashboard.service.ts';
import { weeklyChart } from '../../src/modules/dashboard/dashboard-chart.ts';
import { CHANNELS } from '../../src/modules/followups/followup.schemas.ts';
import * as followups from '../../src/modules/followups/followup.service.ts';
import { listOrders, updateOrder } from '../../src/modules/orders/order.service.ts';
import {
  dayCountersAndRecount,
  dueCountersAndRecount,
  dueTotalsAndRecount,
  hourCountersAndRecount,
} from '../setup/counter-recounts.ts';
import { customer, order, type Person, person, team } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

describeEachDialect('search, due counts and sales rep copies', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // Thursday 26 November 2026, 10:00 in Paris.
    clock = testClock('2026-11-26T09:00:00Z', 'Europe/Paris');
    ctx = testContext(db, clock);
    ({ manager, alice, bob } = await team(ctx, 'manager', 'alice', 'bob'));
  });
  afterAll(async () => db?.drop());
  afterEach(() => {
    searchTuning.sparseCandidatesMax = SPARSE_CANDIDATES_MAX;
    searchTuning.walkedParentsMax = WALKED_PARENTS_MAX;
  });

  describe('text search', () => {
    let ids: Record<string, number>;

    beforeAll(async () => {
      const dupont = await customer(ctx, 'Garage Dupont', alice.user.id);
      const martin = await customer(ctx, 'Boulangerie Martin', alice.user.id);
      const o1 = await order(ctx, 'CO2612-0001', dupont.id);
      const o2 = await order(ctx, 'CO2612-0002', martin.id);
      const o3 = await order(ctx, 'CO2612-0003', (await customer(ctx, 'Atelier Noir', alice.user.id)).id);
      const add = async (orderId: number, note: string) =>
        (await followups.createFollowup(ctx, alice.actor, { orderId, channel: 'phone', note })).id;
      ids = {
        recommande: await add(o2.id, 'Courrier recommandé envoyé le 3'),
        remise: await add(o2.id, 'Demande une remise de 5 % pour valider'),
        underscore: await add(o2.id, 'Voir fichier devis_final'),
        dupont: await add(o1.id, 'Pas joignable'),
        deleted: await add(o2.id, 'Remise refusée, note supprimée'),
        // A note with every trigram of "abc xyz" that the probe asks the index for ("abc", "c x", "xyz"),
        // without the text itself; and one with it.
        decoy: await add(o3.id, 'Réf xyz abc x'),
        abcxyz: await add(o3.id, 'Réf abc xyz'),
      };
      await followups.deleteFollowup(ctx, manager.actor, ids.deleted as number);
    });

    /** The ids found, in number order (as the expected lists are sorted). */
    const found = async (q: string) =>
      (await followups.listFollowups(ctx, manager.actor, { q, limit: 50 })).items
        .map((f) => f.id)
        .sort((a, b) => a - b);

    const cases = (): [string, string[]][] => [
      ['RECOMMANDÉ', ['recommande']],
      ['remise', ['remise']],
      ['5 %', ['remise']],
      ['%', ['remise']],
      ['voir_fichier', []],
      ['devis_', ['underscore']],
      ['dupont', ['dupont']],
      ['co2612-0002', ['recommande', 'remise', 'underscore']],
      ['martin', ['recommande', 'remise', 'underscore']],
      ['zzz', []],
      ['abc xyz', ['abcxyz']],
    ];

    it('finds a text in notes, order refs and customer names, ignoring case, through the trigram index', async () => {
      for (const [q, names] of cases())
        expect(await found(q), q).toEqual(names.map((n) => ids[n]).sort((a, b) => (a ?? 0) - (b ?? 0)));
    });

    it('finds exactly the same when it walks the list instead (common texts)', async () => {
      searchTuning.sparseCandidatesMax = 0;
      for (const [q, names] of cases())
        expect(await found(q), q).toEqual(names.map((n) => ids[n]).sort((a, b) => (a ?? 0) - (b ?? 0)));
    });

    it('finds exactly the same when the walk meets more matching orders or customers than it tests by id', async () => {
      searchTuning.sparseCandidatesMax = 0;
      searchTuning.walkedParentsMax = 0;
      for (const [q, names] of cases())
        expect(await found(q), q).toEqual(names.map((n) => ids[n]).sort((a, b) => (a ?? 0) - (b ?? 0)));
    });

    it('follows edits: a changed note, a renamed customer, a changed order ref', async () => {
      await followups.updateFollowup(ctx, manager.actor, ids.dupont as number, { note: 'Rappeler lundi' });
      expect(await found('joignable')).toEqual([]);
      expect(await found('lundi')).toEqual([ids.dupont]);
      const dupont = (await listCustomers(ctx, manager.actor, { q: 'Dupont', limit: 5 })).items[0];
      expect(dupont?.name).toBe('Garage Dupont');
      await updateCustomer(ctx, manager.actor, dupont?.id as number, { name: 'Garage Durand' });
      expect(await found('dupont')).toEqual([]);
      expect(await found('durand')).toEqual([ids.dupont]);
      const o = (await listOrders(ctx, manager.actor, { q: '2612-0001', limit: 5 })).items[0];
      await updateOrder(ctx, manager.actor, o?.id as number, { ref: 'CO2612-0099' });
      expect(await found('0099')).toEqual([ids.dupont]);
      expect((await listOrders(ctx, manager.actor, { q: '2612-0001', limit: 5 })).items).toEqual([]);
      expect(
        (await listOrders(ctx, manager.actor, { q: 'DURAND', limit: 5 })).items.map((x) => x.ref),
      ).toEqual(['CO2612-0099']);
    });

    it("gives a salesperson the matches among their customers' follow-ups only, by name, ref or note", async () => {
      // Bob's customer shares a name and an order ref's beginning with Alice's; a note of his names hers.
      const theirs = await customer(ctx, 'Garage Durand Fils', bob.user.id);
      const bobsOrder = await order(ctx, 'CO2612-0990', theirs.id);
      const bobs = (
        await followups.createFollowup(ctx, bob.actor, {
          orderId: bobsOrder.id,
          channel: 'email',
          note: 'Vu chez Boulangerie Martin',
        })
      ).id;
      const search = async (who: Person, q: string, sort?: string) =>
        (await followups.listFollowups(ctx, who.actor, { q, sort, limit: 50 })).items
          .map((f) => f.id)
          .sort((a, b) => a - b);
      const expectations: [string, number[], number[]][] = [
        ['durand', [ids.dupont as number], [bobs]],
        [
          'co2612-0',
          [ids.dupont, ids.recommande, ids.remise, ids.underscore, ids.decoy, ids.abcxyz]
            .map(Number)
            .sort((a, b) => a - b),
          [bobs],
        ],
        ['martin', [ids.recommande, ids.remise, ids.underscore].map(Number), [bobs]],
      ];
      for (const walk of [false, true]) {
        // (Read through the candidates, then by walking the list as for a common text.)
        searchTuning.sparseCandidatesMax = walk ? 0 : SPARSE_CANDIDATES_MAX;
        for (const [q, alices, bobsOnly] of expectations)
          for (const sort of [undefined, 'id', '-userName', 'nextAt']) {
            expect(await search(alice, q, sort), `${q} ${sort} alice`).toEqual(alices);
            expect(await search(bob, q, sort), `${q} ${sort} bob`).toEqual(bobsOnly);
            expect(await search(manager, q, sort), `${q} ${sort} manager`).toEqual(
              [...alices, ...bobsOnly].sort((a, b) => a - b),
            );
          }
      }
    });
  });

  describe('due counts', () => {
    /** The day counters and the totals, each beside a recount of the open orders with a next date. */
    async function countersAndRecount() {
      const days = await dueCountersAndRecount(db.database.db, dialect);
      const totals = await dueTotalsAndRecount(db.database.db);
      return {
        counters: [...days.counters, ...totals.counters],
        recount: [...days.recount, ...totals.recount],
      };
    }

    it('stay equal to a recount through follow-ups added, moved, edited and deleted, and orders closed', async () => {
      const c = await customer(ctx, 'Cabinet Compte', alice.user.id);
      const o1 = await order(ctx, 'DUE-1', c.id);
      const o2 = await order(ctx, 'DUE-2', c.id);
      const f1 = await followups.createFollowup(ctx, alice.actor, {
        orderId: o1.id,
        channel: 'phone',
        note: '',
        doneAt: '2026-11-20T10:00:00Z',
        nextAt: '2026-11-24',
      });
      const f2 = await followups.createFollowup(ctx, alice.actor, {
        orderId: o2.id,
        channel: 'email',
        note: '',
        doneAt: '2026-11-21T10:00:00Z',
        nextAt: '2026-11-26',
        assigneeId: bob.user.id,
      });
      let state = await countersAndRecount();
      expect(state.counters).toEqual(state.recount);
      const before = await getDashboard(ctx, manager.actor);
      expect(before.team).toMatchObject({ overdue: 1, dueToday: 1 });
      expect(await getDashboard(ctx, bob.actor)).toMatchObject({ overdue: 0, dueToday: 1 });

      await followups.updateFollowup(ctx, alice.actor, f1.id, { nextAt: '2026-11-27' });
      await followups.updateFollowup(ctx, manager.actor, f2.id, {
        assigneeId: alice.user.id,
        nextAt: '2026-11-25',
      });
      await followups.createFollowup(ctx, alice.actor, { orderId: o1.id, channel: 'meeting', note: '' });
      state = await countersAndRecount();
      expect(state.counters).toEqual(state.recount);
      expect(await getDashboard(ctx, alice.actor)).toMatchObject({ overdue: 1, dueToday: 0 });
      expect(await getDashboard(ctx, bob.actor)).toMatchObject({ overdue: 0, dueToday: 0 });

      await updateOrder(ctx, manager.actor, o2.id, { status: 'delivered' });
      await followups.deleteFollowup(ctx, manager.actor, f1.id);
      state = await countersAndRecount();
      expect(state.counters).toEqual(state.recount);
      expect((await getDashboard(ctx, manager.actor)).team).toMatchObject({ overdue: 0 });
      await updateOrder(ctx, manager.actor, o2.id, { status: 'validated' });
      state = await countersAndRecount();
      expect(state.counters).toEqual(state.recount);
      expect((await getDashboard(ctx, manager.actor)).team).toMatchObject({ overdue: 1 });
    });
  });

  describe('done counts', () => {
    it('stay equal to a recount, and the dashboard gives the same numbers in a zone with half hours', async () => {
      const carol = await person(ctx, 'carol', 'sales', 'Carol Horaire');
      const c = await customer(ctx, 'Atelier Horaire', carol.user.id);
      const o = await order(ctx, 'HOUR-1', c.id);
      const made = [];
      for (const [doneAt, channel] of [
        ['2026-11-26T08:59:00Z', 'phone'],
        ['2026-11-26T06:10:00Z', 'email'],
        ['2026-11-23T05:00:00Z', 'phone'],
        ['2026-11-22T23:40:00Z', 'letter'],
      ] as const)
        made.push(
          await followups.createFollowup(ctx, carol.actor, { orderId: o.id, channel, note: '', doneAt }),
        );
      await followups.updateFollowup(ctx, carol.actor, made[0]?.id as number, { channel: 'meeting' });
      await followups.updateFollowup(ctx, manager.actor, made[1]?.id as number, {
        doneAt: '2026-11-24T12:00:00Z',
        userId: bob.user.id,
      });
      await followups.deleteFollowup(ctx, manager.actor, made[2]?.id as number);
      const state = await hourCountersAndRecount(db.database.db, dialect);
      expect(state.counters).toEqual(state.recount);
      const days = await dayCountersAndRecount(db.database.db, dialect);
      expect(days.counters).toEqual(days.recount);

      // Paris: Monday 23 November 00:00 is 22 Nov 23:00 UTC, a whole hour: the counters answer.
      const paris = await getDashboard(ctx, carol.actor);
      expect(paris).toMatchObject({ doneToday: 1, doneThisWeek: 2 });
      // Kolkata (+5:30): today starts at 18:30 UTC, so the follow-ups are counted instead; same answer.
      const kolkata = testContext(db, testClock('2026-11-26T09:00:00Z', 'Asia/Kolkata'));
      expect(await getDashboard(kolkata, carol.actor)).toMatchObject({ doneToday: 1, doneThisWeek: 2 });
      const chart = await weeklyChart(ctx, carol.actor, 'mine');
      const indiaChart = await weeklyChart(kolkata, carol.actor, 'mine');
      expect(chart.totals.slice(-2)).toEqual([0, 2]);
      expect(indiaChart.totals.slice(-2)).toEqual([0, 2]);
      expect(chart.series.find((x) => x.channel === 'letter')?.counts.at(-1)).toBe(1);
    });
    it('count the part of an hour next to each bound in a zone of half hours, for a person and the team', async () => {
      // Kolkata (+5:30), Thursday 26 November 14:30: the week starts 22 Nov 18:30 UTC, today 25 Nov 18:30 UTC,
      // tomorrow 26 Nov 18:30 UTC. Follow-ups ten minutes on each side of those bounds, and one in the future.
      const kolkata = testContext(db, testClock('2026-11-26T09:00:00Z', 'Asia/Kolkata'));
      const dave = await person(ctx, 'dave', 'sales', 'Dave Demi-Heure');
      const c = await customer(ctx, 'Atelier Demi-Heure', dave.user.id);
      const o = await order(ctx, 'HALF-1', c.id);
      for (const doneAt of [
        '2026-11-22T18:20:00Z', // last week
        '2026-11-22T18:40:00Z', // this week
        '2026-11-25T18:20:00Z', // this week, yesterday
        '2026-11-25T18:40:00Z', // today
        '2026-11-26T08:00:00Z', // today
        '2026-11-26T18:20:00Z', // today, later
        '2026-11-26T18:40:00Z', // tomorrow
      ])
        await followups.createFollowup(ctx, dave.actor, {
          orderId: o.id,
          channel: 'phone',
          note: '',
          doneAt,
        });
      expect(await getDashboard(kolkata, dave.actor)).toMatchObject({ doneToday: 3, doneThisWeek: 5 });

      // The team's, against a recount of the follow-ups, in Kolkata and in Paris.
      const recount = async (from: string, to: string) =>
        Number(
          (
            await db.database.db
              .selectFrom('followups')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('deleted_at', 'is', null)
              .where('done_at', '>=', from)
              .where('done_at', '<', to)
              .executeTakeFirstOrThrow()
          ).n,
        );
      for (const [zoneCtx, week, today, tomorrow] of [
        [kolkata, '2026-11-22T18:30:00.000Z', '2026-11-25T18:30:00.000Z', '2026-11-26T18:30:00.000Z'],
        [ctx, '2026-11-22T23:00:00.000Z', '2026-11-25T23:00:00.000Z', '2026-11-26T23:00:00.000Z'],
      ] as const) {
        const team = (await getDashboard(zoneCtx, manager.actor)).team;
        expect(team?.doneThisWeek).toBe(await recount(week, tomorrow));
        expect(team?.doneToday).toBe(await recount(today, tomorrow));
      }
    });
  });

  describe('the 12-week chart', () => {
    it('counts each follow-up in its week in zones ahead of and behind UTC, across a DST change, and in zones of half and quarter hours', async () => {
      const dora = await person(ctx, 'dora', 'sales', 'Dora Semaines');
      const c = await customer(ctx, 'Atelier Semaines', dora.user.id);
      const o = await order(ctx, 'WEEK-1', c.id);
      const zones = [
        'UTC',
        'Europe/Paris',
        'America/New_York',
        'Asia/Tokyo',
        'Pacific/Auckland',
        'Asia/Kolkata',
        'Asia/Kathmandu',
        'America/St_Johns',
      ];
      const weekStarts = (zone: string) =>
        Array.from({ length: 13 }, (_, i) =>
          DateTime.fromISO(clock.now().toISOString())
            .setZone(zone)
            .startOf('week')
            .minus({ weeks: 11 - i }),
        );
      // Just before and after each week's start in every zone, and around the UTC midnights next to it.
      const instants = new Set<number>();
      for (const zone of zones)
        for (const start of weekStarts(zone).slice(0, 12)) {
          const at = start.toMillis();
          const midnight = start.toUTC().startOf('day').toMillis();
          for (const t of [
            at - 1_800_000,
            at - 600_000,
            at + 600_000,
            at + 1_800_000,
            midnight - 1_800_000,
            midnight + 1_800_000,
          ])
            if (t < clock.now().getTime()) instants.add(t);
        }
      const made: { at: number; channel: (typeof CHANNELS)[number] }[] = [];
      for (const [i, t] of [...instants].sort().entries()) {
        const channel = CHANNELS[i % CHANNELS.length] as (typeof CHANNELS)[number];
        await followups.createFollowup(ctx, dora.actor, {
          orderId: o.id,
          channel,
          note: '',
          doneAt: new Date(t).toISOString(),
        });
        made.push({ at: t, channel });
      }
      expect(made.length).toBeGreaterThan(100);

      for (const zone of zones) {
        const starts = weekStarts(zone).map((d) => d.toMillis());
        const expected = CHANNELS.map((channel) =>
          starts
            .slice(0, 12)
            .map(
              (from, w) =>
                made.filter((m) => m.channel === channel && m.at >= from && m.at < (starts[w + 1] as number))
                  .length,
            ),
        );
        const there = testContext(db, testClock(clock.now().toISOString(), zone));
        const chart = await weeklyChart(there, dora.actor, 'mine');
        expect(
          chart.series.map((x) => x.counts),
          zone,
        ).toEqual(expected);
        // The team's chart, against every live follow-up of the database.
        const everyone = (
          await db.database.db
            .selectFrom('followups')
            .select(['done_at', 'channel'])
            .where('deleted_at', 'is', null)
            .execute()
        ).map((f) => ({ at: Date.parse(String(f.done_at)), channel: f.channel }));
        const teamExpected = CHANNELS.map((channel) =>
          starts
            .slice(0, 12)
            .map(
              (from, w) =>
                everyone.filter(
                  (m) => m.channel === channel && m.at >= from && m.at < (starts[w + 1] as number),
                ).length,
            ),
        );
        const teamChart = await weeklyChart(there, manager.actor, 'team');
        expect(
          teamChart.series.map((x) => x.counts),
          `${zone}, the team`,
        ).toEqual(teamExpected);
      }
    });
  });

  describe("the customer's sales rep on its follow-ups", () => {
    it("moves a customer's follow-ups into the new rep's list when the rep changes", async () => {
      const c = await customer(ctx, 'Menuiserie Transfert', alice.user.id);
      const o = await order(ctx, 'REP-1', c.id);
      const f = await followups.createFollowup(ctx, alice.actor, {
        orderId: o.id,
        channel: 'phone',
        note: 'transfert',
      });
      const seen = async (who: Person) =>
        (await followups.listFollowups(ctx, who.actor, { q: 'transfert', limit: 5 })).items.map((x) => x.id);
      expect(await seen(alice)).toEqual([f.id]);
      expect(await seen(bob)).toEqual([]);
      await updateCustomer(ctx, manager.actor, c.id, { salesRepId: bob.user.id });
      expect(await seen(alice)).toEqual([]);
      expect(await seen(bob)).toEqual([f.id]);
    });
  });
});
