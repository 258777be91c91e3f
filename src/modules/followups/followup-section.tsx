// The "Order follow-ups" section of the order and customer cards: the list of follow-ups (sortable, paged)
// above the Add form, with the order fixed (order card) or chosen among the customer's orders, open first
// (customer card).
//
// How to use it, in a route already behind requireLogin:
//
//   app.get('/orders/:id/followups', requireLogin, async (c) => {
//     const order = await getOrder(ctx, actor, Number(c.req.param('id'))); // not_found when hidden
//     const section = await loadFollowupSection(c, { order });
//     return c.html(<Layout …>{card header and tabs}<FollowupSection data={section} /></Layout>);
//   });
//
// (and the same with { customer } for /customers/:id/followups). The form posts to POST /followups
// (followup.pages.tsx) with a `return` field set to the current path: on success the browser is sent back
// here with ?saved=<id> (shown as a message by the section); a refused submit is shown again on the
// standalone "Add a follow-up" page, input kept, with the same order field, and returns here once saved.
// Viewers get the list without the form. Only `sort` and `cursor` are read from the query string.
import type { Context } from 'hono';
import type { AppEnv } from '../../api/app-env.ts';
import { can } from '../../auth/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import { Pager } from '../../web/components/list.tsx';
import type { Customer } from '../customers/customer.schemas.ts';
import { getCustomer } from '../customers/customer.service.ts';
import { ExportLinks } from '../exports/export-links.tsx';
import type { Order } from '../orders/order.schemas.ts';
import { getOrder } from '../orders/order.service.ts';
import type { Followup } from './followup.schemas.ts';
import { getFollowup } from './followup.service.ts';
import { emptyValues, FollowupForm, type FormValues, type OrderField } from './followup-form.tsx';
import { type FollowupListView, followupListView } from './followup-list.ts';
import { customerOrders, type OrderChoice } from './followup-picker.ts';
import { FOLLOWUP_DEFAULT_SORT, FollowupTable } from './followup-table.tsx';

export type SectionTarget = { orderId: number } | { customerId: number };

/** The order or customer whose card shows the section, as its page already read it. */
export type SectionOwner = { order: Order } | { customer: Customer };

export interface FollowupSectionData {
  c: Context<AppEnv>;
  view: FollowupListView;
  search: URLSearchParams;
  sort: string;
  field: OrderField | null;
  values: FormValues;
  returnTo: string;
  saved: Followup | null;
  /** The filter that downloads this section's follow-ups (orderId or customerId). */
  exportQuery: URLSearchParams;
}

export const orderChoiceOf = (o: Order): OrderChoice => ({
  id: o.id,
  ref: o.ref,
  customerId: o.customerId,
  customerName: o.customerName,
  status: o.status,
  open: o.status !== 'delivered' && o.status !== 'cancelled',
  nextFollowupAt: o.nextFollowupAt,
});

/** The Order field for a target: the order fixed, or the customer's orders. Throws not_found when hidden. */
export async function orderFieldFor(c: Context<AppEnv>, target: SectionTarget): Promise<OrderField> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  if ('orderId' in target) return fieldOf(c, { order: await getOrder(ctx, actor, target.orderId) });
  return fieldOf(c, { customer: await getCustomer(ctx, actor, target.customerId) });
}

async function fieldOf(c: Context<AppEnv>, owner: SectionOwner): Promise<OrderField> {
  if ('order' in owner) return { kind: 'fixed', order: orderChoiceOf(owner.order) };
  const { items, more } = await customerOrders(c.get('ctx'), c.get('actor'), owner.customer.id);
  return { kind: 'customer', customerId: owner.customer.id, orders: items, more };
}

/** A list page's sort and cursor from the query string; a bad one falls back to the first page by date. */
export async function listWithFallback(
  c: Context<AppEnv>,
  filters: Record<string, unknown>,
  search: URLSearchParams,
  limit = 50,
): Promise<{ view: FollowupListView; sort: string; problem: 'sort' | 'cursor' | null }> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const sort = search.get('sort') || FOLLOWUP_DEFAULT_SORT;
  try {
    const view = await followupListView(ctx, actor, {
      ...filters,
      sort,
      cursor: search.get('cursor') || undefined,
      limit,
    });
    return { view, sort, problem: null };
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'bad_request')) throw err;
    const problem = err.errors?.[0]?.path === 'sort' ? 'sort' : 'cursor';
    search.delete('cursor');
    if (problem === 'sort') search.delete('sort');
    const fallbackSort = problem === 'sort' ? FOLLOWUP_DEFAULT_SORT : sort;
    const view = await followupListView(ctx, actor, { ...filters, sort: fallbackSort, limit });
    return { view, sort: fallbackSort, problem };
  }
}

/** A follow-up the user just saved (?saved=<id>), for the confirmation message; null when not visible. */
export async function savedFollowup(c: Context<AppEnv>): Promise<Followup | null> {
  const id = Number(c.req.query('saved'));
  if (!Number.isInteger(id) || id <= 0) return null;
  return getFollowup(c.get('ctx'), c.get('actor'), id).catch(() => null);
}

export async function loadFollowupSection(
  c: Context<AppEnv>,
  owner: SectionOwner,
): Promise<FollowupSectionData> {
  const field = await fieldOf(c, owner);
  const target: SectionTarget =
    'order' in owner ? { orderId: owner.order.id } : { customerId: owner.customer.id };
  const search = new URLSearchParams();
  for (const k of ['sort', 'cursor']) {
    const v = c.req.query(k);
    if (v) search.set(k, v);
  }
  const { view, sort } = await listWithFallback(c, target, search);
  return {
    c,
    view,
    search,
    sort,
    field: can(c.get('actor'), 'create:followup') ? field : null,
    values: emptyValues(c.get('ctx')),
    returnTo: new URL(c.req.url).pathname,
    saved: await savedFollowup(c),
    exportQuery: new URLSearchParams(
      'orderId' in target ? { orderId: String(target.orderId) } : { customerId: String(target.customerId) },
    ),
  };
}

export function SavedMessage(props: { c: Context<AppEnv>; saved: Followup | null }) {
  if (!props.saved) return null;
  return (
    <p class="notice" role="status">
      {props.c.get('t')('followups.saved', { ref: props.saved.orderRef })}
    </p>
  );
}

export function FollowupSection(props: { data: FollowupSectionData; heading?: string }) {
  const { c, view, search, field } = props.data;
  const t = c.get('t');
  const locale = c.get('locale');
  return (
    <section class="followup-section">
      {props.heading ? <h2>{props.heading}</h2> : null}
      <SavedMessage c={c} saved={props.data.saved} />
      <FollowupTable
        t={t}
        locale={locale}
        zone={c.get('ctx').clock.zone}
        actor={c.get('actor')}
        items={view.page.items}
        sort={{ sort: props.data.sort, search }}
        current={view.current}
        today={view.today}
        returnTo={props.data.returnTo}
      />
      <Pager t={t} search={search} nextCursor={view.page.nextCursor} />
      <ExportLinks t={t} base="/followups" query={props.data.exportQuery} />
      {field ? (
        <section class="add-followup" id="add" aria-labelledby="add-heading">
          <h3 id="add-heading">{t('followups.add.title')}</h3>
          <FollowupForm
            t={t}
            locale={locale}
            csrf={c.get('csrf')}
            action="/followups"
            submitLabel={t('button.add')}
            field={field}
            values={props.data.values}
            returnTo={props.data.returnTo}
          />
          <script src="/assets/followup-form.js" defer></script>
        </section>
      ) : null}
    </section>
  );
}
