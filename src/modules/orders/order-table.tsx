// The orders table with its follow-up columns, shared by the order list and the customer card.
import { EmptyRow, SortHeader, type SortState } from '../../web/components/list.tsx';
import { formatDate, formatDay, formatMoney } from '../../web/format.ts';
import type { Locale, MessageKey, Translate } from '../../web/i18n/i18n.ts';
import type { Order } from './order.schemas.ts';
import { isOpenStatus } from './order.service.ts';

export const statusKey: Record<Order['status'], MessageKey> = {
  draft: 'status.draft',
  validated: 'status.validated',
  in_progress: 'status.in_progress',
  delivered: 'status.delivered',
  cancelled: 'status.cancelled',
};

export type DueMark = 'overdue' | 'today' | null;

/** Overdue: next date before today; due today: on today. Closed orders are never due (SPEC §2). */
export function dueMark(order: Pick<Order, 'status' | 'nextFollowupAt'>, today: string): DueMark {
  if (!order.nextFollowupAt || !isOpenStatus(order.status)) return null;
  if (order.nextFollowupAt < today) return 'overdue';
  return order.nextFollowupAt === today ? 'today' : null;
}

export function DueBadge(props: { t: Translate; mark: DueMark }) {
  if (props.mark === 'overdue') return <strong class="overdue badge">{props.t('orders.due.overdue')}</strong>;
  if (props.mark === 'today') return <span class="due-today badge">{props.t('orders.due.today')}</span>;
  return null;
}

export function OrdersTable(props: {
  t: Translate;
  locale: Locale;
  zone: string;
  today: string;
  orders: Order[];
  sort: SortState;
  showCustomer: boolean;
  caption: string;
}) {
  const { t, locale, zone, today, sort } = props;
  const columns = props.showCustomer ? 9 : 8;
  return (
    <div class="table-wrap">
      <table class="striped orders">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <SortHeader label={t('orders.col.ref')} field="ref" state={sort} />
            {props.showCustomer ? (
              <SortHeader label={t('col.customer')} field="customerName" state={sort} />
            ) : null}
            <SortHeader label={t('orders.col.status')} field="status" state={sort} />
            <SortHeader label={t('orders.col.orderDate')} field="orderDate" state={sort} firstDesc />
            <SortHeader label={t('orders.col.total')} field="totalExclTax" state={sort} firstDesc />
            <SortHeader label={t('orders.col.lastFollowup')} field="lastFollowupAt" state={sort} firstDesc />
            <SortHeader label={t('orders.col.nextFollowup')} field="nextFollowupAt" state={sort} />
            <SortHeader label={t('orders.col.followupCount')} field="followupCount" state={sort} firstDesc />
            {/* Overdue is "next date before today": ordering by the next date puts overdue orders first. */}
            <SortHeader label={t('orders.col.due')} field="nextFollowupAt" state={sort} />
          </tr>
        </thead>
        <tbody>
          {props.orders.length === 0 ? <EmptyRow colspan={columns}>{t('orders.empty')}</EmptyRow> : null}
          {props.orders.map((o) => {
            const mark = dueMark(o, today);
            return (
              <tr class={mark === 'overdue' ? 'is-overdue' : undefined}>
                <td>
                  <a href={`/orders/${o.id}`}>{o.ref}</a>
                </td>
                {props.showCustomer ? (
                  <td>
                    <a href={`/customers/${o.customerId}`}>{o.customerName}</a>
                  </td>
                ) : null}
                <td>{t(statusKey[o.status])}</td>
                <td>{formatDate(locale, o.orderDate)}</td>
                <td class="num">{formatMoney(locale, o.totalExclTax, o.currency)}</td>
                <td>{formatDay(locale, o.lastFollowupAt, zone)}</td>
                <td class={mark === 'overdue' ? 'overdue' : undefined}>
                  {formatDate(locale, o.nextFollowupAt)}
                </td>
                <td class="num">{o.followupCount}</td>
                <td>
                  <DueBadge t={t} mark={mark} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
