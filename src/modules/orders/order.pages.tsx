// Order pages: the list with its follow-up columns, the order card and its "Order follow-ups" tab, and the
// create/edit forms for the roles that may write orders.
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../api/app-env.ts';
import { can } from '../../auth/permissions.ts';
import { dayWindows } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { FieldErrors } from '../../web/components/form.tsx';
import { Pager } from '../../web/components/list.tsx';
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
import { formatDate, formatDateTime, formatDay, formatMoney } from '../../web/format.ts';
import type { MessageKey, Translate } from '../../web/i18n/i18n.ts';
import { requireLogin } from '../../web/web-auth.ts';
import { findCustomerByText, getCustomer, listCustomers } from '../customers/customer.service.ts';
import { ExportLinks } from '../exports/export-links.tsx';
import { FollowupSection, loadFollowupSection } from '../followups/followup-section.tsx';
import { ORDER_STATUSES, type Order, OrderCreate, OrderListQuery, OrderPatch } from './order.schemas.ts';
import { createOrder, getOrder, listOrders, updateOrder } from './order.service.ts';
import {
  type CustomerChoice,
  emptyOrderForm,
  normaliseAmount,
  OrderForm,
  type OrderFormValues,
  orderFormValues,
} from './order-form.tsx';
import { DueBadge, dueMark, OrdersTable, statusKey } from './order-table.tsx';

type Ctx = Context<AppEnv>;

const LIST_KEYS = ['sort', 'cursor', 'limit', 'customerId', 'status', 'due', 'q'] as const;
const DEFAULT_SORT = '-createdAt';

/** Filtered on a due state, the list starts with the longest-waiting order (and stays an index range scan). */
function defaultSort(due: string | undefined): string {
  return due && due !== 'never' ? 'nextFollowupAt' : DEFAULT_SORT;
}

const dueOptions: [string, MessageKey][] = [
  ['', 'orders.filter.all'],
  ['overdue', 'orders.filter.overdue'],
  ['today', 'orders.filter.today'],
  ['week', 'orders.filter.week'],
  ['due', 'orders.filter.dueNow'],
  ['never', 'orders.filter.never'],
];

function BadFilter(props: { t: Translate }) {
  return (
    <article>
      <p role="alert" class="field-error">
        {props.t('orders.badFilter')}
      </p>
      <a href="/orders">{props.t('orders.filter.reset')}</a>
    </article>
  );
}

async function orderList(c: Ctx): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const raw = pickQuery(c, LIST_KEYS);
  const search = new URLSearchParams(raw);
  const title = t('orders.title');
  const parsed = OrderListQuery.safeParse(raw);
  let page: Awaited<ReturnType<typeof listOrders>> | null = null;
  if (parsed.success) {
    try {
      page = await listOrders(ctx, actor, {
        ...parsed.data,
        sort: parsed.data.sort ?? defaultSort(parsed.data.due),
      });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'bad_request')) throw err;
    }
  }
  if (!parsed.success || !page)
    return renderPage(c, { title, path: '/orders', status: 400 }, <BadFilter t={t} />);
  const q = parsed.data;
  let customerName: string | null = null;
  if (q.customerId) {
    customerName = await getCustomer(ctx, actor, q.customerId).then(
      (cu) => cu.name,
      () => `#${q.customerId}`,
    );
  }
  return renderPage(
    c,
    { title, path: '/orders' },
    <>
      <div class="page-head">
        <h1>{title}</h1>
        {can(actor, 'write:order') ? (
          <a href="/orders/new" class="button-link">
            {t('orders.new')}
          </a>
        ) : null}
      </div>
      <form method="get" action="/orders" class="filters" aria-label={t('orders.filters')}>
        {q.sort ? <input type="hidden" name="sort" value={q.sort} /> : null}
        {q.customerId ? <input type="hidden" name="customerId" value={String(q.customerId)} /> : null}
        <div class="grid">
          <label>
            {t('orders.filter.q')}
            <input type="search" name="q" value={q.q ?? ''} />
          </label>
          <label>
            {t('orders.filter.status')}
            <select name="status">
              <Option value="" current={q.status}>
                {t('orders.filter.all')}
              </Option>
              {ORDER_STATUSES.map((s) => (
                <Option value={s} current={q.status}>
                  {t(statusKey[s])}
                </Option>
              ))}
            </select>
          </label>
          <label>
            {t('orders.filter.due')}
            <select name="due">
              {dueOptions.map(([value, key]) => (
                <Option value={value} current={q.due}>
                  {t(key)}
                </Option>
              ))}
            </select>
          </label>
        </div>
        <div class="filter-actions">
          <button type="submit" class="secondary">
            {t('orders.filter.submit')}
          </button>
          <a href="/orders">{t('orders.filter.reset')}</a>
          {customerName ? (
            <span class="chip">
              {t('orders.filter.customer', { name: customerName })}{' '}
              <a href={`?${withoutParam(search, 'customerId')}`} aria-label={t('orders.filter.remove')}>
                ✕
              </a>
            </span>
          ) : null}
        </div>
      </form>
      <OrdersTable
        t={t}
        locale={c.get('locale')}
        zone={ctx.clock.zone}
        today={dayWindows(ctx.clock).today}
        orders={page.items}
        sort={{ sort: q.sort ?? defaultSort(q.due), search }}
        showCustomer
        caption={title}
      />
      <Pager t={t} search={search} nextCursor={page.nextCursor} />
      <ExportLinks t={t} base="/orders" query={search} />
    </>,
  );
}

function withoutParam(search: URLSearchParams, name: string): string {
  const next = new URLSearchParams(search);
  next.delete(name);
  next.delete('cursor');
  return next.toString();
}

export function OrderTabs(props: { t: Translate; order: Pick<Order, 'id'>; current: string }) {
  const { t, order } = props;
  return (
    <Tabs
      label={t('orders.tabs')}
      current={props.current}
      tabs={[
        { href: `/orders/${order.id}`, label: t('orders.tab.card') },
        { href: `/orders/${order.id}/followups`, label: t('menu.followups') },
      ]}
    />
  );
}

function OrderHead(props: { t: Translate; order: Order; canWrite: boolean }) {
  const { t, order } = props;
  return (
    <div class="page-head">
      <hgroup>
        <h1>{t('orders.cardTitle', { ref: order.ref })}</h1>
        <p>
          <a href={`/customers/${order.customerId}`}>{order.customerName}</a> · {t(statusKey[order.status])}
        </p>
      </hgroup>
      {props.canWrite ? (
        <a href={`/orders/${order.id}/edit`} class="button-link secondary">
          {t('orders.editButton')}
        </a>
      ) : null}
    </div>
  );
}

async function orderCard(c: Ctx): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const locale = c.get('locale');
  const order = await getOrder(ctx, actor, Number(c.req.param('id')));
  const mark = dueMark(order, dayWindows(ctx.clock).today);
  return renderPage(
    c,
    { title: t('orders.cardTitle', { ref: order.ref }), path: '/orders' },
    <>
      <OrderHead t={t} order={order} canWrite={can(actor, 'write:order')} />
      <OrderTabs t={t} order={order} current={`/orders/${order.id}`} />
      <div class="table-wrap">
        <table class="record">
          <tbody>
            {recordRow(t('orders.field.ref'), order.ref)}
            {recordRow(
              t('orders.field.customer'),
              <a href={`/customers/${order.customerId}`}>{order.customerName}</a>,
            )}
            {recordRow(t('orders.field.status'), t(statusKey[order.status]))}
            {recordRow(t('orders.field.orderDate'), formatDate(locale, order.orderDate))}
            {recordRow(t('orders.field.deliveryDate'), formatDate(locale, order.deliveryDate))}
            {recordRow(t('orders.field.total'), formatMoney(locale, order.totalExclTax, order.currency))}
            {recordRow(t('orders.field.customerRef'), order.customerRef ?? '')}
            {recordRow(
              t('orders.field.nextFollowup'),
              <>
                <span class={mark === 'overdue' ? 'overdue' : undefined}>
                  {formatDate(locale, order.nextFollowupAt)}
                </span>{' '}
                <DueBadge t={t} mark={mark} />
              </>,
            )}
            {recordRow(
              t('orders.field.lastFollowup'),
              formatDay(locale, order.lastFollowupAt, ctx.clock.zone),
            )}
            {recordRow(
              t('orders.field.followupCount'),
              <a href={`/orders/${order.id}/followups`}>{order.followupCount}</a>,
            )}
            {recordRow(t('orders.field.updatedAt'), formatDateTime(locale, order.updatedAt, ctx.clock.zone))}
          </tbody>
        </table>
      </div>
    </>,
  );
}

async function orderFollowups(c: Ctx): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const order = await getOrder(ctx, actor, Number(c.req.param('id')));
  const section = await loadFollowupSection(c, { order });
  return renderPage(
    c,
    { title: `${t('menu.followups')} · ${order.ref}`, path: '/orders' },
    <>
      <OrderHead t={t} order={order} canWrite={can(actor, 'write:order')} />
      <OrderTabs t={t} order={order} current={`/orders/${order.id}/followups`} />
      <FollowupSection data={section} heading={t('orders.followupsOf', { ref: order.ref })} />
    </>,
  );
}

// ---- Create and edit ----

/** Up to this many visible customers, the form offers a select; beyond, a text field taking a code or name. */
const CUSTOMER_SELECT_MAX = 200;

async function customerChoices(c: Ctx): Promise<CustomerChoice[] | null> {
  const page = await listCustomers(c.get('ctx'), c.get('actor'), {
    limit: CUSTOMER_SELECT_MAX,
    sort: 'name',
  });
  if (page.nextCursor) return null;
  return page.items.map((cu) => ({ id: cu.id, name: cu.name, code: cu.code }));
}

/** The customer the form designates: the select's id, else a code, exact name or number typed in. */
async function resolveCustomer(c: Ctx, v: OrderFormValues): Promise<number | null> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  if (/^\d+$/.test(v.customerId.trim())) return Number(v.customerId.trim());
  const typed = v.customer.trim();
  if (!typed) return null;
  const found = await findCustomerByText(ctx, actor, typed);
  if (found) return found.id;
  if (/^\d+$/.test(typed)) {
    const byId = await getCustomer(ctx, actor, Number(typed)).catch(() => null);
    if (byId) return byId.id;
  }
  return null;
}

function orderFieldMessage(t: Translate) {
  return (field: string, problem: FieldProblem): string => {
    switch (field) {
      case 'ref':
        return problem === 'conflict' ? t('orders.error.refTaken') : t('orders.error.ref');
      case 'customerId':
      case 'customer':
        return t('orders.error.customer');
      case 'status':
        return t('orders.error.status');
      case 'orderDate':
      case 'deliveryDate':
        return t('orders.error.date');
      case 'totalExclTax':
        return t('orders.error.total');
      case 'currency':
        return t('orders.error.currency');
      case 'customerRef':
        return t('orders.error.customerRef');
      default:
        return t('orders.error.form');
    }
  };
}

/** Field errors keyed by the form's field names (the customer's id is shown on the customer field). */
function byFormField(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, m] of Object.entries(errors)) out[k === 'customerId' ? 'customer' : k] ??= m;
  return out;
}

function inputOf(v: OrderFormValues, customerId: number) {
  return {
    ref: v.ref,
    customerId,
    status: v.status,
    orderDate: v.orderDate.trim() || null,
    deliveryDate: v.deliveryDate.trim() || null,
    totalExclTax: normaliseAmount(v.totalExclTax) || '0',
    currency: v.currency.trim().toUpperCase() || 'EUR',
    customerRef: v.customerRef.trim() || null,
  };
}

async function valuesOfOrder(c: Ctx, o: Order): Promise<OrderFormValues> {
  const cu = await getCustomer(c.get('ctx'), c.get('actor'), o.customerId).catch(() => null);
  return {
    ref: o.ref,
    customerId: String(o.customerId),
    customer: cu?.code ?? o.customerName,
    status: o.status,
    orderDate: o.orderDate ?? '',
    deliveryDate: o.deliveryDate ?? '',
    totalExclTax: o.totalExclTax,
    currency: o.currency,
    customerRef: o.customerRef ?? '',
  };
}

/** A new order from a customer's card starts with that customer. */
async function newOrderValues(c: Ctx): Promise<OrderFormValues> {
  const values = emptyOrderForm();
  const customerId = c.req.query('customerId');
  if (customerId && /^\d+$/.test(customerId)) {
    const cu = await getCustomer(c.get('ctx'), c.get('actor'), Number(customerId)).catch(() => null);
    if (cu) {
      values.customerId = String(cu.id);
      values.customer = cu.code ?? cu.name;
    }
  }
  return values;
}

const orderForms: RecordFormSpec<Order, OrderFormValues, OrderCreate | OrderPatch> = {
  base: '/orders',
  permission: 'write:order',
  title: (t, order) => (order ? t('orders.edit', { ref: order.ref }) : t('orders.new')),
  submitLabel: (t, order) => (order ? t('orders.save') : t('orders.create')),
  refused: 'orders.error.form',
  fieldMessage: orderFieldMessage,
  onForm: byFormField,
  load: (c, id) => getOrder(c.get('ctx'), c.get('actor'), id),
  emptyValues: newOrderValues,
  valuesOf: valuesOfOrder,
  fromForm: orderFormValues,
  /** The customer is resolved first (a select's id, or a code or name typed in), then the schema checks. */
  check: async (c, values, order, errorsOf) => {
    const customerId = await resolveCustomer(c, values);
    const input = inputOf(values, customerId ?? 0);
    const parsed = order ? OrderPatch.safeParse(input) : OrderCreate.safeParse(input);
    const errors: FieldErrors = parsed.success ? {} : errorsOf(parsed.error);
    if (customerId === null) errors.customer = c.get('t')('orders.error.customer');
    if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
    return { ok: true, data: parsed.data };
  },
  save: (c, order, data) =>
    order
      ? updateOrder(c.get('ctx'), c.get('actor'), order.id, data)
      : createOrder(c.get('ctx'), c.get('actor'), data as OrderCreate),
  form: async (c, props) => <OrderForm {...props} customers={await customerChoices(c)} />,
};

export function registerOrderPages(app: Hono<AppEnv>): void {
  app.get('/orders', requireLogin, (c) => guarded(c, () => orderList(c)));
  app.get('/orders/:id{[0-9]+}', requireLogin, (c) => guarded(c, () => orderCard(c)));
  app.get('/orders/:id{[0-9]+}/followups', requireLogin, (c) => guarded(c, () => orderFollowups(c)));
  registerRecordForms(app, orderForms);
}
