// The order picker, typed letters of a customer's name or code: the first customers in name order whose name
// or code contains them, each one's orders open first. The answer is the same whether the customers come
// from walking the first names in order (a common text) or from the trigram index (a rare one).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pickOrders } from '../../src/modules/followups/followup-picker.ts';
import { type OrderChoiceRow, pickOrdersByCustomerText } from '../../src/modules/orders/order.repository.ts';
import { customer, order, type Person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

describeEachDialect('the order picker searching customer names', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  let alice: Person;
  /** Every customer made, with its orders, in creation order. */
  const made: {
    id: number;
    name: string;
    code: string | null;
    repId: number | null;
    orders: OrderChoiceRow[];
  }[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T17:00:00Z', 'Europe/Paris'));
    ({ manager, alice } = await team(ctx, 'manager', 'alice'));
    // Thirty bakeries ("boul" is common), two garages "Dupont" late in name order ("pont" is rare), and a
    // "Zénith" whose code holds "pont" though its name does not. Alice has every third customer.
    const names = [
      ...Array.from({ length: 30 }, (_, i) => `Boulangerie ${String.fromCharCode(65 + (i % 26))}${i}`),
      'Garage Dupont',
      'Garage Dupont',
      'Zénith',
    ];
    for (const [i, name] of names.entries()) {
      const repId = i % 3 === 0 ? alice.user.id : null;
      const c = await customer(ctx, name, repId);
      const code = name === 'Zénith' ? 'PONT-9' : c.code;
      if (name === 'Zénith')
        await ctx.database.db.updateTable('customers').set({ code }).where('id', '=', c.id).execute();
      const orders: OrderChoiceRow[] = [];
      for (const [k, status] of (['delivered', 'validated', 'cancelled'] as const).entries()) {
        const o = await order(ctx, `CO-${i}-${k}`, c.id, status);
        orders.push({
          id: o.id,
          ref: o.ref,
          customer_id: c.id,
          customer_name: name,
          status,
          is_open: status === 'validated' ? 1 : 0,
          next_followup_at: null,
        });
      }
      made.push({ id: c.id, name, code, repId, orders });
    }
  });
  afterAll(async () => db?.drop());

  /** The refs the picker promises, computed from what was made. */
  function expected(text: string, limit: number, repId?: number): string[] {
    const t = text.toLowerCase();
    return made
      .filter((c) => repId === undefined || c.repId === repId)
      .filter((c) => c.name.toLowerCase().includes(t) || (c.code ?? '').toLowerCase().includes(t))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id))
      .flatMap((c) => [...c.orders].sort((a, b) => b.is_open - a.is_open || b.id - a.id))
      .slice(0, limit)
      .map((o) => o.ref);
  }

  const refs = (rows: { ref: string }[]) => rows.map((r) => r.ref);

  it('gives the first customers in name order, however many names it walks before asking the index', async () => {
    const { db: executor } = ctx.database;
    for (const text of ['boul', 'BOUL', 'pont', 'nith', 'ulangerie a', 'xyz']) {
      for (const limit of [2, 12]) {
        const want = expected(text, limit);
        for (const walk of [0, 1, 3, 10, 500]) {
          const got = await pickOrdersByCustomerText(
            executor,
            dialect,
            { scope: { all: true } },
            text,
            limit,
            walk,
          );
          expect(refs(got), `${text}, limit ${limit}, walk ${walk}`).toEqual(want);
        }
      }
    }
    expect(expected('boul', 12)).toHaveLength(12);
    expect(expected('pont', 12)).toEqual([
      'CO-30-1',
      'CO-30-2',
      'CO-30-0',
      'CO-31-1',
      'CO-31-2',
      'CO-31-0',
      'CO-32-1',
      'CO-32-2',
      'CO-32-0',
    ]);
  });

  it("keeps a salesperson to their customers, and the customer card's picker to its customer", async () => {
    const { db: executor } = ctx.database;
    const scope = { all: false as const, salesRepId: alice.user.id };
    for (const text of ['boul', 'pont', 'garage']) {
      for (const walk of [0, 2, 500]) {
        const got = await pickOrdersByCustomerText(executor, dialect, { scope }, text, 12, walk);
        expect(refs(got), `${text}, walk ${walk}`).toEqual(expected(text, 12, alice.user.id));
      }
    }
    const garage = made.find((c) => c.name === 'Garage Dupont') as (typeof made)[number];
    const one = await pickOrdersByCustomerText(
      executor,
      dialect,
      { scope: { all: true }, customerId: garage.id },
      'pont',
      12,
      3,
    );
    expect(refs(one)).toEqual(refs([...garage.orders].sort((a, b) => b.is_open - a.is_open || b.id - a.id)));
  });

  it('answers the people typing in the form: refs first, then customers by name', async () => {
    const typed = async (who: Person, q: string) => (await pickOrders(ctx, who.actor, q)).map((o) => o.ref);
    expect(await typed(manager, 'boul')).toEqual(expected('boul', 12));
    expect(await typed(manager, 'Dupont')).toEqual(expected('dupont', 12));
    expect(await typed(alice, 'boul')).toEqual(expected('boul', 12, alice.user.id));
    expect(await typed(manager, 'co-12-')).toEqual(['CO-12-0', 'CO-12-1', 'CO-12-2']);
  });
});
