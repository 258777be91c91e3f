// The follow-up pages: "Order follow-ups" (/followups: filters, list, Add), the standalone Add page used by the
// chase queue and by refused submits, edit and delete, the order picker and the note's date suggestion, and
// "My follow-ups" (/queue). Server-rendered, working without JavaScript; followup-form.js only enhances.
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../api/app-env.ts';
import { can, canWriteFollowup } from '../../auth/permissions.ts';
import { dayOf, dayWindows, isCalendarDate } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { ownAsset, registerAsset } from '../../web/assets.ts';
import type { FieldErrors } from '../../web/components/form.tsx';
import { EmptyRow, Pager, withParams } from '../../web/components/list.tsx';
import { errorPage, formStrings, guarded, renderPage } from '../../web/components/page-kit.tsx';
import type { Translate } from '../../web/i18n/i18n.ts';
import { CsrfField } from '../../web/layout.tsx';
import { toHtml } from '../../web/render.ts';
import { csrfOk, requireLogin } from '../../web/web-auth.ts';
import type { Customer } from '../customers/customer.schemas.ts';
import { customerOfFilter, getCustomer } from '../customers/customer.service.ts';
import { getDashboard } from '../dashboard/dashboard.service.ts';
import { ExportLinks } from '../exports/export-links.tsx';
import { getOrder, listOrders } from '../orders/order.service.ts';
import { listUserChoices } from '../users/user.service.ts';
import { CHANNELS, DUE_STATES, type Followup, type FollowupPatch } from './followup.schemas.ts';
import { createFollowup, deleteFollowup, getFollowup, updateFollowup } from './followup.service.ts';
import {
  emptyValues,
  FollowupForm,
  type FormValues,
  type OrderField,
  orderLabel,
  parseContext,
  readForm,
  refusalMessages,
  Suggestion,
  valuesFrom,
} from './followup-form.tsx';
import { fromLocalInput, localInputValue, showDateTime } from './followup-format.ts';
import { followupListView } from './followup-list.ts';
import { dateFromNote } from './followup-next-date.ts';
import { orderByRef, pickOrders } from './followup-picker.ts';
import {
  listWithFallback,
  orderFieldFor,
  SavedMessage,
  type SectionTarget,
  savedFollowup,
} from './followup-section.tsx';
import { FollowupTable, NextDate } from './followup-table.tsx';

const FORM_SCRIPT = <script src="/assets/followup-form.js" defer></script>;

/** Only same-site paths: a leading slash, not "//" nor "/\" (which browsers read as another host). */
export function safeReturn(raw: string | undefined, fallback: string): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || raw.length > 500)
    return fallback;
  return raw;
}

/** The return path with a confirmation parameter (saved/updated/deleted=<id>) replacing any previous one. */
export function withNotice(path: string, notice: 'saved' | 'updated' | 'deleted', id: number): string {
  const u = new URL(path, 'http://relance.invalid');
  for (const k of ['saved', 'updated', 'deleted']) u.searchParams.delete(k);
  u.searchParams.set(notice, String(id));
  return `${u.pathname}${u.search}${u.hash}`;
}

/** The notice of the last write, read from ?saved= / ?updated= / ?deleted=. */
function Notices(props: { c: Context<AppEnv>; saved: Followup | null }) {
  const { c } = props;
  const t = c.get('t');
  const updated = Number(c.req.query('updated'));
  const deleted = Number(c.req.query('deleted'));
  return (
    <>
      <SavedMessage c={c} saved={props.saved} />
      {Number.isInteger(updated) && updated > 0 ? (
        <p class="notice" role="status">
          {t('followups.updated', { id: updated })}
        </p>
      ) : null}
      {Number.isInteger(deleted) && deleted > 0 ? (
        <p class="notice" role="status">
          {t('followups.deleted', { id: deleted })}
        </p>
      ) : null}
    </>
  );
}

// ---------------------------------------------------------------- /followups: filters and list

const FILTER_KEYS = [
  'q',
  'customer',
  'customerId',
  'order',
  'orderId',
  'userId',
  'assigneeId',
  'channel',
  'doneFrom',
  'doneTo',
  'nextFrom',
  'nextTo',
  'due',
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

interface Filters {
  /** What the service receives. */
  query: {
    q?: string;
    customerId?: number;
    orderId?: number;
    userId?: number;
    assigneeId?: number;
    channel?: (typeof CHANNELS)[number];
    doneFrom?: string;
    doneTo?: string;
    nextFrom?: string;
    nextTo?: string;
    due?: (typeof DUE_STATES)[number];
  };
  /** What the filter form shows. */
  values: Partial<Record<FilterKey, string>>;
  errors: FieldErrors;
  /** The valid filters, for sort and page links. */
  search: URLSearchParams;
  active: boolean;
  /** The filtered order, to pre-fill the Add form. */
  orderRef?: string;
}

const positiveId = (v: string | undefined): number | null => {
  const n = Number(v);
  return v && /^\d{1,12}$/.test(v) && n > 0 ? n : null;
};

/**
 * Reads the filters of the query string. A bad value is left out of the query and reported next to its field,
 * so the page shows the list with the other filters instead of failing.
 */
async function readFilters(c: Context<AppEnv>, t: Translate): Promise<Filters> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const raw = (k: string) => c.req.query(k)?.trim() ?? '';
  const f: Filters = { query: {}, values: {}, errors: {}, search: new URLSearchParams(), active: false };
  const keep = (k: string, v: string) => {
    f.search.set(k, v);
    f.active = true;
  };

  const q = raw('q');
  f.values.q = q;
  if (q.length > 200) f.errors.q = t('followups.filter.tooLong');
  else if (q) {
    f.query.q = q;
    keep('q', q);
  }

  const customerText = raw('customer');
  const customerId = positiveId(raw('customerId'));
  f.values.customer = customerText;
  if (customerText) {
    const pick = await customerOfFilter(ctx, actor, customerText);
    if (typeof pick === 'object') {
      f.query.customerId = pick.id;
      keep('customer', customerText);
    } else if (pick === 'none')
      f.errors.customer = t('followups.filter.unknownCustomer', { value: customerText });
    else f.errors.customer = t('followups.filter.manyCustomers', { value: customerText });
  } else if (customerId) {
    const cust = await getCustomer(ctx, actor, customerId).catch(() => null);
    if (cust) {
      f.query.customerId = cust.id;
      f.values.customer = cust.name;
      keep('customerId', String(cust.id));
    } else f.errors.customer = t('followups.filter.unknownCustomer', { value: String(customerId) });
  }

  const orderText = raw('order');
  const orderId = positiveId(raw('orderId'));
  f.values.order = orderText;
  if (orderText) {
    const o = await orderByRef(ctx, actor, orderText.slice(0, 60));
    if (o) {
      f.query.orderId = o.id;
      f.orderRef = o.ref;
      keep('order', orderText);
    } else f.errors.order = t('followups.filter.unknownOrder', { value: orderText });
  } else if (orderId) {
    const o = await getOrder(ctx, actor, orderId).catch(() => null);
    if (o) {
      f.query.orderId = o.id;
      f.orderRef = o.ref;
      f.values.order = o.ref;
      keep('orderId', String(o.id));
    } else f.errors.order = t('followups.filter.unknownOrder', { value: String(orderId) });
  }

  for (const k of ['userId', 'assigneeId'] as const) {
    const v = raw(k);
    f.values[k] = v;
    if (!v) continue;
    const id = positiveId(v);
    if (id) {
      f.query[k] = id;
      keep(k, v);
    } else f.errors[k] = t('followups.filter.badValue', { value: v });
  }

  const channel = raw('channel');
  f.values.channel = channel;
  if (channel) {
    const ch = CHANNELS.find((x) => x === channel);
    if (ch) {
      f.query.channel = ch;
      keep('channel', ch);
    } else f.errors.channel = t('followups.filter.badValue', { value: channel });
  }

  for (const k of ['doneFrom', 'doneTo', 'nextFrom', 'nextTo'] as const) {
    const v = raw(k);
    f.values[k] = v;
    if (!v) continue;
    if (isCalendarDate(v)) {
      f.query[k] = v;
      keep(k, v);
    } else f.errors[k] = t('followups.filter.badDate');
  }

  const due = raw('due');
  f.values.due = due;
  if (due) {
    const d = DUE_STATES.find((x) => x === due);
    if (d) {
      f.query.due = d;
      keep('due', d);
    } else f.errors.due = t('followups.filter.badValue', { value: due });
  }
  return f;
}

function FilterField(props: { id: string; label: string; error?: string | undefined; children: Child }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.error ? (
        <small class="field-error" id={`${props.id}-msg`} role="alert">
          {props.error}
        </small>
      ) : null}
    </div>
  );
}

function FilterForm(props: {
  t: Translate;
  f: Filters;
  sort: string;
  users: { id: number; name: string }[];
}) {
  const { t, f } = props;
  const v = f.values;
  const err = (k: FilterKey) =>
    f.errors[k] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `filter-${k}-msg` } : {};
  const hasErrors = Object.keys(f.errors).length > 0;
  return (
    <details class="filters" open={f.active || hasErrors}>
      <summary>{t('followups.filters')}</summary>
      <form method="get" action="/followups" class="filter-form">
        {props.sort !== '-doneAt' ? <input type="hidden" name="sort" value={props.sort} /> : null}
        {v.assigneeId && !f.errors.assigneeId ? (
          <input type="hidden" name="assigneeId" value={v.assigneeId} />
        ) : null}
        <div class="grid">
          <FilterField id="filter-q" label={t('followups.filter.q')} error={f.errors.q}>
            <input id="filter-q" type="search" name="q" value={v.q ?? ''} {...err('q')} />
          </FilterField>
          <FilterField id="filter-customer" label={t('followups.filter.customer')} error={f.errors.customer}>
            <input id="filter-customer" name="customer" value={v.customer ?? ''} {...err('customer')} />
          </FilterField>
          <FilterField id="filter-order" label={t('followups.filter.order')} error={f.errors.order}>
            <input id="filter-order" name="order" value={v.order ?? ''} {...err('order')} />
          </FilterField>
        </div>
        <div class="grid">
          <FilterField id="filter-userId" label={t('followups.filter.user')} error={f.errors.userId}>
            <select id="filter-userId" name="userId" {...err('userId')}>
              <option value="">{t('followups.filter.any')}</option>
              {props.users.map((u) => (
                <option value={String(u.id)} selected={v.userId === String(u.id)}>
                  {u.name}
                </option>
              ))}
            </select>
          </FilterField>
          <FilterField id="filter-channel" label={t('followups.filter.channel')} error={f.errors.channel}>
            <select id="filter-channel" name="channel" {...err('channel')}>
              <option value="">{t('followups.filter.any')}</option>
              {CHANNELS.map((ch) => (
                <option value={ch} selected={v.channel === ch}>
                  {t(`channel.${ch}`)}
                </option>
              ))}
            </select>
          </FilterField>
          <FilterField id="filter-due" label={t('followups.filter.due')} error={f.errors.due}>
            <select id="filter-due" name="due" {...err('due')}>
              <option value="">{t('followups.filter.any')}</option>
              {DUE_STATES.map((d) => (
                <option value={d} selected={v.due === d}>
                  {t(`followups.due.${d}`)}
                </option>
              ))}
            </select>
          </FilterField>
        </div>
        <div class="grid">
          {(['doneFrom', 'doneTo', 'nextFrom', 'nextTo'] as const).map((k) => (
            <FilterField id={`filter-${k}`} label={t(`followups.filter.${k}`)} error={f.errors[k]}>
              <input id={`filter-${k}`} type="date" name={k} value={v[k] ?? ''} {...err(k)} />
            </FilterField>
          ))}
        </div>
        <div class="filter-actions">
          <button type="submit">{t('followups.filter.apply')}</button>{' '}
          <a href="/followups" class="button-link secondary">
            {t('followups.filter.reset')}
          </a>
        </div>
      </form>
    </details>
  );
}

async function listPage(c: Context<AppEnv>): Promise<Response> {
  const t = c.get('t');
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const f = await readFilters(c, t);
  const search = f.search;
  for (const k of ['sort', 'cursor']) {
    const v = c.req.query(k);
    if (v) search.set(k, v);
  }
  const [{ view, sort, problem }, choices, saved] = await Promise.all([
    listWithFallback(c, f.query, search),
    listUserChoices(ctx),
    savedFollowup(c),
  ]);
  const rawSort = c.req.query('sort') ?? '';
  const pathWithQuery = `/followups${search.toString() ? `?${search.toString()}` : ''}`;
  const users = choices.filter((u) => u.active || u.id === f.query.userId);
  const canAdd = can(actor, 'create:followup');
  const values: FormValues = { ...emptyValues(ctx), orderRef: f.orderRef ?? '' };
  return renderPage(
    c,
    { title: t('menu.followups'), path: '/followups' },
    <>
      <hgroup class="page-head">
        <h1>{t('menu.followups')}</h1>
        {canAdd ? (
          <p>
            <a href="#add">{t('followups.addLink')}</a>
          </p>
        ) : null}
      </hgroup>
      <Notices c={c} saved={saved} />
      {problem === 'sort' ? (
        <p class="field-error" role="alert">
          {t('followups.filter.badSort', { value: rawSort.slice(0, 40) })}
        </p>
      ) : null}
      {problem === 'cursor' ? (
        <p class="field-error" role="alert">
          {t('followups.filter.badCursor')}
        </p>
      ) : null}
      <FilterForm t={t} f={f} sort={sort} users={users} />
      <FollowupTable
        t={t}
        locale={c.get('locale')}
        zone={ctx.clock.zone}
        actor={actor}
        items={view.page.items}
        sort={{ sort, search }}
        current={view.current}
        today={view.today}
        returnTo={pathWithQuery}
        caption={t('menu.followups')}
      />
      <Pager t={t} search={search} nextCursor={view.page.nextCursor} />
      <ExportLinks t={t} base="/followups" query={search} />
      {canAdd ? (
        <section class="add-followup" id="add" aria-labelledby="add-heading">
          <h2 id="add-heading">{t('followups.add.title')}</h2>
          <FollowupForm
            t={t}
            locale={c.get('locale')}
            csrf={c.get('csrf')}
            action="/followups"
            submitLabel={t('button.add')}
            field={{ kind: 'search' }}
            values={values}
            returnTo={withParams(search, {}) === '?' ? '/followups' : `/followups${withParams(search, {})}`}
          />
          {FORM_SCRIPT}
        </section>
      ) : null}
    </>,
  );
}

// ---------------------------------------------------------------- the standalone Add page

interface OrderContextData {
  order: Extract<OrderField, { kind: 'fixed' }>['order'];
  customer: Customer | null;
  recent: Followup[];
}

/** What the Add page shows around a fixed order: its customer's contact and its last five follow-ups. */
async function loadOrderContext(c: Context<AppEnv>, field: OrderField): Promise<OrderContextData | null> {
  if (field.kind !== 'fixed') return null;
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const order = field.order;
  const [recent, customer] = await Promise.all([
    followupListView(ctx, actor, { orderId: order.id, limit: 5, sort: '-doneAt' }),
    getCustomer(ctx, actor, order.customerId).catch(() => null),
  ]);
  return { order, customer, recent: recent.page.items };
}

function OrderHistory(props: { c: Context<AppEnv>; data: OrderContextData | null }) {
  const { c, data } = props;
  if (!data || data.recent.length === 0) return null;
  const t = c.get('t');
  const zone = c.get('ctx').clock.zone;
  return (
    <section class="order-history" aria-labelledby="history-heading">
      <h2 class="small-heading" id="history-heading">
        {t('followups.recent')}
      </h2>
      <ul class="recent-followups">
        {data.recent.map((f) => (
          <li>
            <time datetime={f.doneAt}>{showDateTime(c.get('locale'), f.doneAt, zone)}</time> ·{' '}
            {t(`channel.${f.channel}`)} · {f.userName}
            {f.note ? <div class="note">{f.note}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function OrderHead(props: { c: Context<AppEnv>; data: OrderContextData | null }) {
  const { c, data } = props;
  if (!data) return null;
  const t = c.get('t');
  const { order, customer } = data;
  const today = dayWindows(c.get('ctx').clock).today;
  return (
    <article class="order-context">
      <header>
        <strong>
          <a href={`/orders/${order.id}`}>{t('followups.orderCard', { ref: order.ref })}</a>
        </strong>{' '}
        · <a href={`/customers/${order.customerId}`}>{order.customerName}</a>
        {order.nextFollowupAt ? (
          <>
            {' '}
            · {t('col.nextAt')}{' '}
            <NextDate
              t={t}
              locale={c.get('locale')}
              day={order.nextFollowupAt}
              today={today}
              live={order.open}
            />
          </>
        ) : null}
      </header>
      {customer?.phone || customer?.email ? (
        <p class="contact">
          {customer.phone ? (
            <a
              href={`tel:${customer.phone.replace(/[^\d+]/g, '')}`}
              aria-label={`${t('followups.phone')} ${customer.phone}`}
            >
              ☎ {customer.phone}
            </a>
          ) : null}{' '}
          {customer.email ? <a href={`mailto:${customer.email}`}>✉ {customer.email}</a> : null}
        </p>
      ) : null}
    </article>
  );
}

async function addPage(
  c: Context<AppEnv>,
  opts: {
    field: OrderField;
    values: FormValues;
    returnTo: string;
    errors?: FieldErrors;
    alert?: string;
    status?: 200 | 403 | 422;
  },
) {
  const t = c.get('t');
  const context = await loadOrderContext(c, opts.field);
  return renderPage(
    c,
    { title: t('followups.add.title'), path: '/followups', status: opts.status ?? 200 },
    <>
      <h1>{t('followups.add.title')}</h1>
      <OrderHead c={c} data={context} />
      <FollowupForm
        t={t}
        locale={c.get('locale')}
        csrf={c.get('csrf')}
        action="/followups"
        submitLabel={t('button.add')}
        field={opts.field}
        values={opts.values}
        errors={opts.errors}
        alert={opts.alert}
        returnTo={opts.returnTo}
        focusNote={opts.field.kind === 'fixed' && !opts.errors}
        suggestion={
          opts.values.note
            ? dateFromNote(opts.values.note, c.get('ctx').clock.now(), c.get('ctx').clock.zone)
            : null
        }
      />
      <p>
        <a href={opts.returnTo}>{t('followups.cancel')}</a>
      </p>
      <OrderHistory c={c} data={context} />
      {FORM_SCRIPT}
    </>,
  );
}

function targetOf(c: Context<AppEnv>): SectionTarget | null {
  const orderId = positiveId(c.req.query('orderId'));
  if (orderId) return { orderId };
  const customerId = positiveId(c.req.query('customerId'));
  return customerId ? { customerId } : null;
}

async function createFromForm(c: Context<AppEnv>): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  if (!can(actor, 'create:followup')) return errorPage(c, 403);
  const form = await formStrings(c);
  const returnTo = safeReturn(form.return, '/followups');
  const context = parseContext(form.context);
  const field: OrderField = context ? await orderFieldFor(c, context) : { kind: 'search' };
  const values = valuesFrom(form, emptyValues(ctx));
  if (field.kind === 'fixed') values.orderRef = '';
  if (!csrfOk(c, form)) return addPage(c, { field, values, returnTo, alert: t('error.csrf'), status: 403 });
  const read = await readForm(ctx, actor, t, form, field);
  if (!read.value)
    return addPage(c, {
      field,
      values,
      returnTo,
      errors: read.errors,
      alert: t('followups.error.notSaved'),
      status: 422,
    });
  const input = read.value;
  try {
    const created = await createFollowup(ctx, actor, {
      orderId: input.orderId ?? 0,
      channel: input.channel,
      note: input.note,
      ...(input.doneAt ? { doneAt: input.doneAt } : {}),
      nextAt: input.nextAt,
    });
    return c.redirect(withNotice(returnTo, 'saved', created.id), 303);
  } catch (err) {
    const doneDay = dayOf(input.doneAt ? new Date(input.doneAt) : ctx.clock.now(), ctx.clock.zone);
    const refusal = refusalMessages(err, t, { orderRef: input.orderRef, note: input.note, doneDay });
    if (!refusal) throw err;
    return addPage(c, { field, values, returnTo, errors: refusal.errors, alert: refusal.alert, status: 422 });
  }
}

// ---------------------------------------------------------------- edit and delete

async function editPage(
  c: Context<AppEnv>,
  id: number,
  opts: { values?: FormValues; errors?: FieldErrors; alert?: string; status?: 200 | 403 | 422 } = {},
): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const f = await getFollowup(ctx, actor, id);
  if (!canWriteFollowup(actor, f.userId)) return errorPage(c, 403);
  const returnTo = safeReturn(c.req.query('return'), '/followups');
  const values: FormValues = opts.values ?? {
    orderRef: f.orderRef,
    orderId: String(f.orderId),
    channel: f.channel,
    note: f.note,
    doneAt: localInputValue(f.doneAt, ctx.clock.zone),
    nextAt: f.nextAt ?? '',
    preset: '',
  };
  const action = `/followups/${f.id}/edit?return=${encodeURIComponent(returnTo)}`;
  return renderPage(
    c,
    { title: t('followups.edit.title', { id: f.id }), path: '/followups', status: opts.status ?? 200 },
    <>
      <h1>{t('followups.edit.title', { id: f.id })}</h1>
      <p>
        {f.customerName} · {f.userName} ·{' '}
        <time datetime={f.doneAt}>{showDateTime(c.get('locale'), f.doneAt, ctx.clock.zone)}</time>
      </p>
      <FollowupForm
        t={t}
        locale={c.get('locale')}
        csrf={c.get('csrf')}
        action={action}
        submitLabel={t('followups.save')}
        field={{ kind: 'search' }}
        values={values}
        errors={opts.errors}
        alert={opts.alert}
        returnTo={returnTo}
      />
      <form
        method="post"
        action={`/followups/${f.id}/delete`}
        class="delete-form"
        data-confirm={t('followups.delete.confirm')}
      >
        <CsrfField csrf={c.get('csrf')} />
        <input type="hidden" name="return" value={returnTo} />
        <button type="submit" class="secondary outline">
          {t('followups.delete')}
        </button>{' '}
        <a href={returnTo}>{t('followups.cancel')}</a>
      </form>
      {FORM_SCRIPT}
    </>,
  );
}

async function updateFromForm(c: Context<AppEnv>, id: number): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const before = await getFollowup(ctx, actor, id);
  if (!canWriteFollowup(actor, before.userId)) return errorPage(c, 403);
  const form = await formStrings(c);
  const returnTo = safeReturn(form.return ?? c.req.query('return'), '/followups');
  const values = valuesFrom(form, emptyValues(ctx));
  if (!csrfOk(c, form)) return editPage(c, id, { values, alert: t('error.csrf'), status: 403 });
  const read = await readForm(ctx, actor, t, form, { kind: 'search' });
  if (!read.value)
    return editPage(c, id, {
      values,
      errors: read.errors,
      alert: t('followups.error.notSaved'),
      status: 422,
    });
  const input = read.value;
  const patch: FollowupPatch = { channel: input.channel, note: input.note, nextAt: input.nextAt };
  if (input.orderId && input.orderId !== before.orderId) patch.orderId = input.orderId;
  // The form shows minutes: an unchanged Date keeps the stored instant to the second.
  if (input.doneAt && values.doneAt !== localInputValue(before.doneAt, ctx.clock.zone))
    patch.doneAt = input.doneAt;
  try {
    await updateFollowup(ctx, actor, id, patch);
    return c.redirect(withNotice(returnTo, 'updated', id), 303);
  } catch (err) {
    const doneAt = patch.doneAt ?? before.doneAt;
    const refusal = refusalMessages(err, t, {
      orderRef: input.orderRef,
      note: input.note,
      doneDay: dayOf(doneAt, ctx.clock.zone),
    });
    if (!refusal) throw err;
    return editPage(c, id, { values, errors: refusal.errors, alert: refusal.alert, status: 422 });
  }
}

async function deleteFromForm(c: Context<AppEnv>, id: number): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const before = await getFollowup(ctx, actor, id);
  if (!canWriteFollowup(actor, before.userId)) return errorPage(c, 403);
  const form = await formStrings(c);
  const returnTo = safeReturn(form.return, '/followups');
  if (!csrfOk(c, form)) return editPage(c, id, { alert: t('error.csrf'), status: 403 });
  await deleteFollowup(ctx, actor, id);
  return c.redirect(withNotice(returnTo, 'deleted', id), 303);
}

// ---------------------------------------------------------------- /queue

async function queuePage(c: Context<AppEnv>): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const locale = c.get('locale');
  const search = new URLSearchParams();
  const cursor = c.req.query('cursor');
  if (cursor) search.set('cursor', cursor);
  const query = { due: 'due' as const, assigneeId: actor.id, sort: 'nextFollowupAt', limit: 50 };
  const [result, counts, saved] = await Promise.all([
    listOrders(ctx, actor, { ...query, cursor: cursor || undefined }).catch(async (err) => {
      if (!(err instanceof AppError && err.code === 'bad_request')) throw err;
      search.delete('cursor');
      return listOrders(ctx, actor, query);
    }),
    getDashboard(ctx, actor),
    savedFollowup(c),
  ]);
  const today = dayWindows(ctx.clock).today;
  const canAdd = can(actor, 'create:followup');
  const first = result.items[0];
  const chase = (orderId: number) =>
    `/followups/new?orderId=${orderId}&return=${encodeURIComponent('/queue')}`;
  return renderPage(
    c,
    { title: t('menu.queue'), path: '/queue' },
    <>
      <hgroup class="page-head">
        <h1>{t('menu.queue')}</h1>
        <p>{t('queue.intro')}</p>
      </hgroup>
      <Notices c={c} saved={saved} />
      <p>
        <strong>{t('queue.count', { n: counts.overdue + counts.dueToday })}</strong>
      </p>
      {first && canAdd && !search.has('cursor') ? (
        <p>
          <a href={chase(first.id)} class="button-link chase-next">
            {t('dashboard.chaseNext', { ref: first.ref, customer: first.customerName })}
          </a>
        </p>
      ) : null}
      <div class="table-wrap">
        <table class="striped queue">
          <thead>
            <tr>
              <th scope="col">{t('col.order')}</th>
              <th scope="col">{t('col.customer')}</th>
              <th scope="col">{t('col.nextAt')}</th>
              {canAdd ? (
                <th scope="col">
                  <span class="visually-hidden">{t('queue.followUp')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {result.items.length === 0 ? (
              <EmptyRow colspan={canAdd ? 4 : 3}>{t('queue.empty')}</EmptyRow>
            ) : null}
            {result.items.map((o) => (
              <tr>
                <td>
                  <a href={`/orders/${o.id}`}>{o.ref}</a>
                </td>
                <td>
                  <a href={`/customers/${o.customerId}`}>{o.customerName}</a>
                </td>
                <td>
                  <NextDate t={t} locale={locale} day={o.nextFollowupAt} today={today} live />
                </td>
                {canAdd ? (
                  <td>
                    <a href={chase(o.id)} class="chase" aria-label={`${t('queue.followUp')} ${o.ref}`}>
                      {t('queue.followUp')}
                    </a>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager t={t} search={search} nextCursor={result.nextCursor} />
    </>,
  );
}

// ---------------------------------------------------------------- registration

export function registerFollowupPages(app: Hono<AppEnv>): void {
  registerAsset('followup-form.js', ownAsset('followup-form.js'));

  app.get('/followups', requireLogin, (c) => guarded(c, () => listPage(c)));
  app.post('/followups', requireLogin, (c) => guarded(c, () => createFromForm(c)));

  app.get('/followups/new', requireLogin, (c) =>
    guarded(c, async () => {
      if (!can(c.get('actor'), 'create:followup')) return errorPage(c, 403);
      const target = targetOf(c);
      const field: OrderField = target ? await orderFieldFor(c, target) : { kind: 'search' };
      const fallback = field.kind === 'fixed' ? `/orders/${field.order.id}/followups` : '/followups';
      return addPage(c, {
        field,
        values: emptyValues(c.get('ctx')),
        returnTo: safeReturn(c.req.query('return'), fallback),
      });
    }),
  );

  // Search-as-you-type: JSON for followup-form.js. Prefix and LIMIT queries only (see followup-picker.ts).
  app.get('/followups/picker', requireLogin, async (c) => {
    const t = c.get('t');
    const q = (c.req.query('q') ?? '').slice(0, 60);
    const customerId = positiveId(c.req.query('customerId')) ?? undefined;
    const items = await pickOrders(c.get('ctx'), c.get('actor'), q, { customerId });
    c.header('cache-control', 'no-store');
    return c.json({
      items: items.map((o) => ({
        id: o.id,
        ref: o.ref,
        customerName: o.customerName,
        open: o.open,
        label: orderLabel(t, o),
      })),
    });
  });

  // The date the note asks for, as a small HTML fragment for the form's suggestion line.
  app.get('/followups/next-date', requireLogin, (c) => {
    const ctx = c.get('ctx');
    const note = (c.req.query('note') ?? '').slice(0, 2_000);
    const doneAt = fromLocalInput(c.req.query('doneAt') ?? '', ctx.clock.zone);
    const found = dateFromNote(note, doneAt ? new Date(doneAt) : ctx.clock.now(), ctx.clock.zone);
    c.header('cache-control', 'no-store');
    if (!found) return c.html('');
    return c.html(toHtml(<Suggestion t={c.get('t')} locale={c.get('locale')} suggestion={found} />));
  });

  app.get('/followups/:id{[0-9]+}/edit', requireLogin, (c) =>
    guarded(c, () => editPage(c, Number(c.req.param('id')))),
  );
  app.post('/followups/:id{[0-9]+}/edit', requireLogin, (c) =>
    guarded(c, () => updateFromForm(c, Number(c.req.param('id')))),
  );
  app.post('/followups/:id{[0-9]+}/delete', requireLogin, (c) =>
    guarded(c, () => deleteFromForm(c, Number(c.req.param('id')))),
  );

  app.get('/queue', requireLogin, (c) => guarded(c, () => queuePage(c)));
}
