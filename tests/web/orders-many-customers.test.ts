// With more customers than a select can reasonably hold, the order form's Customer field becomes a text
// input that takes a customer code, an exact name or a number.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { AppContext } from '../../src/context.ts';
import type { Customer } from '../../src/modules/customers/customer.schemas.ts';
import { listCustomers } from '../../src/modules/customers/customer.service.ts';
import { seedBulk } from '../../src/modules/seed/bulk-seed.ts';
import { type Person, person } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';
import { fieldError, inputValue, logIn, selectedValue, textOf, type Visitor } from './pages-session.ts';

describeEachDialect('order form with many customers', (dialect) => {
  let db: TestDatabase;
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  let manager: Person;
  let as: Visitor;
  let some: Customer[];

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T09:00:00Z', 'Europe/Paris'));
    app = createApp(ctx);
    manager = await person(ctx, 'manon', 'manager', 'Manon Manager');
    await seedBulk(ctx, { customers: 230, orders: 0, followups: 0, users: 1 });
    some = (await listCustomers(ctx, manager.actor, { limit: 3, sort: 'id' })).items;
    as = await logIn(app, 'manon');
  });
  afterAll(async () => db?.drop());

  const form = (customer: string, ref: string) => ({
    ref,
    customer,
    status: 'validated',
    orderDate: '',
    deliveryDate: '',
    totalExclTax: '10',
    currency: 'EUR',
    customerRef: '',
  });

  it('shows a text field instead of a select of hundreds of customers', async () => {
    const page = await as.get('/orders/new');
    expect(page.status).toBe(200);
    expect(selectedValue(page.html, 'customerId')).toBeNull();
    expect(inputValue(page.html, 'customer')).toBe('');
    expect(textOf(page.html)).toContain('Customer code, number or exact name');
  });

  it('finds the customer by code, by exact name (any case) and by number', async () => {
    const [first, second, third] = some;
    for (const [typed, ref, expected] of [
      [first?.code ?? '', 'BY-CODE', first],
      [second?.name.toUpperCase() ?? '', 'BY-NAME', second],
      [String(third?.id), 'BY-ID', third],
    ] as const) {
      const res = await as.post('/orders/new', form(typed, ref));
      expect(res.status, typed).toBe(303);
      const card = textOf((await as.get(res.location ?? '')).html);
      expect(card).toContain(`Order ${ref}`);
      expect(card).toContain(expected?.name ?? '?');
    }
  });

  it('keeps what was typed and says so when no customer matches', async () => {
    const page = await as.post('/orders/new', form('Nobody Anywhere', 'CO-NONE'));
    expect(page.status).toBe(422);
    expect(fieldError(page.html, 'customer')).toBe(
      'Choose an existing customer (code, number or exact name).',
    );
    expect(inputValue(page.html, 'customer')).toBe('Nobody Anywhere');
    expect(inputValue(page.html, 'ref')).toBe('CO-NONE');
  });

  it("pre-fills the field with the customer's code when coming from its card", async () => {
    const c = some[0];
    const page = await as.get(`/orders/new?customerId=${c?.id}`);
    expect(inputValue(page.html, 'customer')).toBe(c?.code ?? '');
  });
});
