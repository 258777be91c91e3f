// Customer pages: the list, the customer card with its orders and its "Order follow-ups" tab, and the
// create/edit forms for the roles that may write customers.
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../api/app-env.ts';
import { can } from '../../auth/permissions.ts';
import { dayWindows } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { EmptyRow, Pager, SortHeader } from '../../web/components/list.tsx';
import {
  type FieldProblem,
  guarded,
  Option,
  pickQuery,
  recordRow,
  renderPage,
  Tabs,
} from '../../web/components/page-kit.tsx';
import { type RecordFormSpec, registerRecordForms } from '../../web/components/record-form.tsx';
import { formatDay } from '../../web/format.ts';
import type { Translate } from '../../web/i18n/i18n.ts';
import { requireLogin } from '../../web/web-auth.ts';
import { FollowupSection, loadFollowupSection } from '../followups/followup-section.tsx';
import { OrderListQuery } from '../orders/order.schemas.ts';
import { listOrders } from '../orders/order.service.ts';
import { OrdersTable } from '../orders/order-table.tsx';
import { getSalesSeeAll, listUserChoices, type UserChoice } from '../users/user.service.ts';
import {
  CUSTOMER_KINDS,
  type Customer,
  CustomerCreate,
  CustomerListQuery,
  CustomerPatch,
} from './customer.schemas.ts';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from './customer.service.ts';
import {
  CustomerForm,
  type CustomerFormValues,
  customerFormValues,
  customerInput,
  emptyCustomerForm,
  kindKey,
} from './customer-form.tsx';

type Ctx = Context<AppEnv>;

const LIST_KEYS = ['sort', 'cursor', 'limit', 'kind', 'salesRepId', 'q'] as const;
const DEFAULT_SORT = 'name';

function BadFilter(props: { t: Translate }) {
  return (
    <article>
      <p role="alert" class="field-error">
        {props.t('customers.badFilter')}
      </p>
      <a href="/customers">{props.t('customers.filter.reset')}</a>
    </article>
  );
}

const nameOf = (users: UserChoice[], id: number | null) =>
  id === null ? '' : (users.find((u) => u.id === id)?.name ?? `#${id}`);

async function customerList(c: Ctx): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const raw = pickQuery(c, LIST_KEYS);
  const search = new URLSearchParams(raw);
  const title = t('customers.title');
  const parsed = CustomerListQuery.safeParse(raw);
  let page: Awaited<ReturnType<typeof listCustomers>> | null = null;
  if (parsed.success) {
    try {
      page = await listCustomers(ctx, actor, parsed.data);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'bad_request')) throw err;
    }
  }
  if (!parsed.success || !page)
    return renderPage(c, { title, path: '/customers', status: 400 }, <BadFilter t={t} />);
  const q = parsed.data;
  const users = await listUserChoices(ctx);
  // A salesperson limited to their own customers has nothing to filter by sales rep.
  const seesAll = can(actor, 'read:customer:all') || (await getSalesSeeAll(ctx));
  const state = { sort: q.sort ?? DEFAULT_SORT, search };
  return renderPage(
    c,
    { title, path: '/customers' },
    <>
      <div class="page-head">
        <h1>{title}</h1>
        {can(actor, 'write:customer') ? (
          <a href="/customers/new" class="button-link">
            {t('customers.new')}
          </a>
        ) : null}
      </div>
      <form method="get" action="/customers" class="filters">
        {q.sort ? <input type="hidden" name="sort" value={q.sort} /> : null}
        <div class="grid">
          <label>
            {t('customers.filter.q')}
            <input type="search" name="q" value={q.q ?? ''} />
          </label>
          <label>
            {t('customers.filter.kind')}
            <select name="kind">
              <Option value="" current={q.kind}>
                {t('customers.filter.all')}
              </Option>
              {CUSTOMER_KINDS.map((k) => (
                <Option value={k} current={q.kind}>
                  {t(kindKey[k])}
                </Option>
              ))}
            </select>
          </label>
          {seesAll ? (
            <label>
              {t('customers.filter.salesRep')}
              <select name="salesRepId">
                <Option value="" current={q.salesRepId ? String(q.salesRepId) : ''}>
                  {t('customers.filter.all')}
                </Option>
                {users.map((u) => (
                  <Option value={String(u.id)} current={q.salesRepId ? String(q.salesRepId) : ''}>
                    {u.name}
                  </Option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
        <div class="filter-actions">
          <button type="submit" class="secondary">
            {t('customers.filter.submit')}
          </button>
          <a href="/customers">{t('customers.filter.reset')}</a>
        </div>
      </form>
      <div class="table-wrap">
        <table class="striped">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <SortHeader label={t('customers.col.name')} field="name" state={state} />
              <SortHeader label={t('customers.col.code')} field="code" state={state} />
              <SortHeader label={t('customers.col.kind')} field="kind" state={state} />
              <SortHeader label={t('customers.col.town')} field="town" state={state} />
              <th scope="col">{t('customers.col.salesRep')}</th>
              <SortHeader label={t('customers.col.createdAt')} field="createdAt" state={state} firstDesc />
            </tr>
          </thead>
          <tbody>
            {page.items.length === 0 ? <EmptyRow colspan={6}>{t('customers.empty')}</EmptyRow> : null}
            {page.items.map((cu) => (
              <tr>
                <td>
                  <a href={`/customers/${cu.id}`}>{cu.name}</a>
                </td>
                <td>{cu.code ?? ''}</td>
                <td>{t(kindKey[cu.kind])}</td>
                <td>{cu.town ?? ''}</td>
                <td>{nameOf(users, cu.salesRepId)}</td>
                <td>{formatDay(c.get('locale'), cu.createdAt, ctx.clock.zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager t={t} search={search} nextCursor={page.nextCursor} />
    </>,
  );
}

export function CustomerTabs(props: { t: Translate; customer: Pick<Customer, 'id'>; current: string }) {
  const { t, customer } = props;
  return (
    <Tabs
      label={t('customers.tabs')}
      current={props.current}
      tabs={[
        { href: `/customers/${customer.id}`, label: t('customers.tab.card') },
        { href: `/customers/${customer.id}/followups`, label: t('menu.followups') },
      ]}
    />
  );
}

function CustomerHead(props: { t: Translate; customer: Customer; canWrite: boolean; canAddOrder: boolean }) {
  const { t, customer } = props;
  return (
    <div class="page-head">
      <hgroup>
        <h1>{customer.name}</h1>
        <p>
          {t(kindKey[customer.kind])}
          {customer.code ? ` · ${customer.code}` : ''}
        </p>
      </hgroup>
      <div class="row-actions">
        {props.canAddOrder ? (
          <a href={`/orders/new?customerId=${customer.id}`} class="button-link secondary">
            {t('customers.newOrder')}
          </a>
        ) : null}
        {props.canWrite ? (
          <a href={`/customers/${customer.id}/edit`} class="button-link secondary">
            {t('customers.editButton')}
          </a>
        ) : null}
      </div>
    </div>
  );
}

async function customerCard(c: Ctx): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const customer = await getCustomer(ctx, actor, Number(c.req.param('id')));
  const users = await listUserChoices(ctx);
  // The card's orders list sorts and pages on the card itself.
  const raw = pickQuery(c, ['sort', 'cursor']);
  const search = new URLSearchParams(raw);
  const parsed = OrderListQuery.safeParse({ ...raw, customerId: customer.id });
  const orders = await (parsed.success
    ? listOrders(ctx, actor, parsed.data)
    : Promise.reject(new AppError('bad_request', 'bad sort'))
  ).catch((err: unknown) => {
    if (!(err instanceof AppError && err.code === 'bad_request')) throw err;
    search.delete('sort');
    search.delete('cursor');
    return listOrders(ctx, actor, { customerId: customer.id, limit: 50 });
  });
  return renderPage(
    c,
    { title: customer.name, path: '/customers' },
    <>
      <CustomerHead
        t={t}
        customer={customer}
        canWrite={can(actor, 'write:customer')}
        canAddOrder={can(actor, 'write:order')}
      />
      <CustomerTabs t={t} customer={customer} current={`/customers/${customer.id}`} />
      <div class="table-wrap">
        <table class="record">
          <tbody>
            {recordRow(t('customers.field.code'), customer.code ?? '')}
            {recordRow(t('customers.field.kind'), t(kindKey[customer.kind]))}
            {recordRow(
              t('customers.field.email'),
              customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : '',
            )}
            {recordRow(
              t('customers.field.phone'),
              customer.phone ? <a href={`tel:${customer.phone.replace(/\s/g, '')}`}>{customer.phone}</a> : '',
            )}
            {recordRow(t('customers.field.town'), customer.town ?? '')}
            {recordRow(t('customers.field.country'), customer.country ?? '')}
            {recordRow(t('customers.field.salesRep'), nameOf(users, customer.salesRepId))}
          </tbody>
        </table>
      </div>
      <h2>{t('customers.orders')}</h2>
      {orders.items.length === 0 && !search.has('cursor') ? (
        <p>{t('customers.ordersEmpty')}</p>
      ) : (
        <>
          <OrdersTable
            t={t}
            locale={c.get('locale')}
            zone={ctx.clock.zone}
            today={dayWindows(ctx.clock).today}
            orders={orders.items}
            sort={{ sort: search.get('sort') ?? '-createdAt', search }}
            showCustomer={false}
            caption={t('customers.orders')}
          />
          <Pager t={t} search={search} nextCursor={orders.nextCursor} />
        </>
      )}
    </>,
  );
}

async function customerFollowups(c: Ctx): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const customer = await getCustomer(ctx, actor, Number(c.req.param('id')));
  const section = await loadFollowupSection(c, { customer });
  return renderPage(
    c,
    { title: `${t('menu.followups')} · ${customer.name}`, path: '/customers' },
    <>
      <CustomerHead
        t={t}
        customer={customer}
        canWrite={can(actor, 'write:customer')}
        canAddOrder={can(actor, 'write:order')}
      />
      <CustomerTabs t={t} customer={customer} current={`/customers/${customer.id}/followups`} />
      <FollowupSection data={section} heading={t('customers.followupsOf', { name: customer.name })} />
    </>,
  );
}

// ---- Create and edit ----

function customerFieldMessage(t: Translate) {
  return (field: string, problem: FieldProblem): string => {
    switch (field) {
      case 'name':
        return t('customers.error.name');
      case 'code':
        return problem === 'conflict' ? t('customers.error.codeTaken') : t('customers.error.code');
      case 'kind':
        return t('customers.error.kind');
      case 'email':
        return t('customers.error.email');
      case 'salesRepId':
        return t('customers.error.salesRep');
      case 'phone':
      case 'town':
      case 'country':
        return t('customers.error.text');
      default:
        return t('customers.error.form');
    }
  };
}

const valuesOfCustomer = (cu: Customer): CustomerFormValues => ({
  name: cu.name,
  code: cu.code ?? '',
  kind: cu.kind,
  email: cu.email ?? '',
  phone: cu.phone ?? '',
  town: cu.town ?? '',
  country: cu.country ?? '',
  salesRepId: cu.salesRepId === null ? '' : String(cu.salesRepId),
});

const customerForms: RecordFormSpec<Customer, CustomerFormValues, CustomerCreate | CustomerPatch> = {
  base: '/customers',
  permission: 'write:customer',
  title: (t, customer) => (customer ? t('customers.edit', { name: customer.name }) : t('customers.new')),
  submitLabel: (t, customer) => (customer ? t('customers.save') : t('customers.create')),
  refused: 'customers.error.form',
  fieldMessage: customerFieldMessage,
  load: (c, id) => getCustomer(c.get('ctx'), c.get('actor'), id),
  emptyValues: async () => emptyCustomerForm(),
  valuesOf: async (_c, customer) => valuesOfCustomer(customer),
  fromForm: customerFormValues,
  check: async (_c, values, customer, errorsOf) => {
    const input = customerInput(values);
    const parsed = customer ? CustomerPatch.safeParse(input) : CustomerCreate.safeParse(input);
    return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: errorsOf(parsed.error) };
  },
  save: (c, customer, data) =>
    customer
      ? updateCustomer(c.get('ctx'), c.get('actor'), customer.id, data)
      : createCustomer(c.get('ctx'), c.get('actor'), data as CustomerCreate),
  form: async (c, props) => <CustomerForm {...props} users={await listUserChoices(c.get('ctx'))} />,
};

export function registerCustomerPages(app: Hono<AppEnv>): void {
  app.get('/customers', requireLogin, (c) => guarded(c, () => customerList(c)));
  app.get('/customers/:id{[0-9]+}', requireLogin, (c) => guarded(c, () => customerCard(c)));
  app.get('/customers/:id{[0-9]+}/followups', requireLogin, (c) => guarded(c, () => customerFollowups(c)));
  registerRecordForms(app, customerForms);
}
