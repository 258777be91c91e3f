// Filtering a list on a customer by typing its name or code: the customer named so, even when many more
// customers contain the same text; "many" when the text designates no single one; "none" when nothing matches.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { customerOfFilter } from '../../src/modules/customers/customer.service.ts';
import { customer, type Person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

describeEachDialect('the customer a list filter designates', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let manager: Person;
  let alice: Person;
  let dupont: { id: number };
  let dupont07: { id: number };

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T17:00:00Z', 'Europe/Paris'));
    ({ manager, alice } = await team(ctx, 'manager', 'alice'));
    // 25 customers whose names contain "Dupont" and sort before it, then "Dupont" itself.
    for (let i = 0; i < 25; i++) {
      const made = await customer(ctx, `Atelier Dupont ${String(i).padStart(2, '0')}`);
      if (i === 7) dupont07 = made;
    }
    dupont = await customer(ctx, 'Dupont', alice.user.id);
    await customer(ctx, 'Garage Martin');
    await customer(ctx, 'Garage Martin');
  });
  afterAll(async () => db?.drop());

  const designated = async (who: Person, text: string) => {
    const found = await customerOfFilter(ctx, who.actor, text);
    return typeof found === 'string' ? found : found.id;
  };

  it('finds the customer named exactly so (as written) beyond the first 20 that contain the text', async () => {
    expect(await designated(manager, 'Dupont')).toBe(dupont.id);
    expect(await designated(alice, 'Dupont')).toBe(dupont.id);
  });

  it('says "many" or "none" when the text designates no single customer', async () => {
    expect(await designated(manager, 'Atelier')).toBe('many');
    expect(await designated(manager, 'Garage Martin')).toBe('many');
    expect(await designated(manager, 'Atelier Dupont 07')).not.toBe('many');
    expect(await designated(manager, 'Atelier Dupont 07')).toBe(dupont07.id);
    expect(await designated(manager, 'Nobody')).toBe('none');
  });
});
