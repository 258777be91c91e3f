// The "Order follow-ups" tab of the order and customer cards: the follow-ups of that order or customer.
import type { Context } from 'hono';
import type { AppEnv } from '../../api/app-env.ts';
import { listFollowups } from '../../modules/followups/followup.service.ts';
import { AppError } from '../../shared/errors.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { EmptyRow, Pager, SortHeader } from './list.tsx';

export type FollowupsScope = { orderId: number } | { customerId: number };

const DEFAULT_SORT = '-doneAt';

export async function FollowupsTab(props: { c: Context<AppEnv>; scope: FollowupsScope; heading: string }) {
  const { c, scope } = props;
  const ctx = c.get('ctx');
  const t = c.get('t');
  const locale = c.get('locale');
  const search = new URLSearchParams();
  for (const k of ['sort', 'cursor']) {
    const v = c.req.query(k);
    if (v) search.set(k, v);
  }
  const sort = search.get('sort') ?? DEFAULT_SORT;
  let page: Awaited<ReturnType<typeof listFollowups>>;
  try {
    page = await listFollowups(ctx, c.get('actor'), {
      ...scope,
      sort,
      cursor: search.get('cursor') ?? undefined,
      limit: 50,
    });
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'bad_request')) throw err;
    page = await listFollowups(ctx, c.get('actor'), { ...scope, limit: 50 });
    search.delete('sort');
    search.delete('cursor');
  }
  const state = { sort: search.get('sort') ?? DEFAULT_SORT, search };
  const filter = 'orderId' in scope ? `orderId=${scope.orderId}` : `customerId=${scope.customerId}`;
  return (
    <section class="followups-tab">
      <h2>{props.heading}</h2>
      <div class="table-wrap">
        <table class="striped">
          <thead>
            <tr>
              <SortHeader label={t('col.id')} field="id" state={state} firstDesc />
              <SortHeader label={t('col.customer')} field="customerName" state={state} />
              <SortHeader label={t('col.order')} field="orderRef" state={state} />
              <SortHeader label={t('col.note')} field="note" state={state} />
              <SortHeader label={t('col.user')} field="userName" state={state} />
              <SortHeader label={t('col.date')} field="doneAt" state={state} firstDesc />
              <SortHeader label={t('col.nextAt')} field="nextAt" state={state} />
            </tr>
          </thead>
          <tbody>
            {page.items.length === 0 ? (
              <EmptyRow colspan={7}>
                {'orderId' in scope ? t('orders.followupsEmpty') : t('customers.followupsEmpty')}
              </EmptyRow>
            ) : null}
            {page.items.map((f) => (
              <tr>
                <td>{f.id}</td>
                <td>
                  <a href={`/customers/${f.customerId}`}>{f.customerName}</a>
                </td>
                <td>
                  <a href={`/orders/${f.orderId}`}>{f.orderRef}</a>
                </td>
                <td class="note">{f.note}</td>
                <td>{f.userName}</td>
                <td>{formatDateTime(locale, f.doneAt, ctx.clock.zone)}</td>
                <td>{formatDate(locale, f.nextAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager t={t} search={search} nextCursor={page.nextCursor} />
      <p>
        <a href={`/followups?${filter}`} class="button-link">
          {'orderId' in scope ? t('orders.followupsAll') : t('customers.followupsAll')}
        </a>
      </p>
    </section>
  );
}
