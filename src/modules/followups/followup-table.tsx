// The follow-up list table of SPEC §5 (Id, Customer, Order, Note, User, Date, Next follow-up), sortable on
// every column, with each open order's current next date marked when overdue or due today.
import { type Actor, canWriteFollowup } from '../../auth/permissions.ts';
import { EmptyRow, SortHeader, type SortState } from '../../web/components/list.tsx';
import type { Locale, Translate } from '../../web/i18n/i18n.ts';
import type { Followup } from './followup.schemas.ts';
import { showDateTime, showDay } from './followup-format.ts';

export const FOLLOWUP_DEFAULT_SORT = '-doneAt';
const NOTE_SHOWN = 400;

export interface FollowupTableProps {
  t: Translate;
  locale: Locale;
  zone: string;
  actor: Actor;
  items: Followup[];
  sort: SortState;
  /** Follow-ups that carry their open order's current next date: only those can be overdue. */
  current: ReadonlySet<number>;
  today: string;
  /** Where the edit page returns to. */
  returnTo: string;
  caption?: string;
}

export function NextDate(props: {
  t: Translate;
  locale: Locale;
  day: string | null;
  today: string;
  live: boolean;
}) {
  const { t, day } = props;
  if (!day) return null;
  const overdue = props.live && day < props.today;
  const dueToday = props.live && day === props.today;
  return (
    <time
      datetime={day}
      class={overdue ? 'overdue' : dueToday ? 'due-today' : undefined}
      title={overdue ? t('date.overdue') : dueToday ? t('date.today') : undefined}
    >
      {showDay(props.locale, day)}
      {overdue ? <span class="visually-hidden"> ({t('date.overdue')})</span> : null}
      {dueToday ? <span class="visually-hidden"> ({t('date.today')})</span> : null}
    </time>
  );
}

export function FollowupTable(props: FollowupTableProps) {
  const { t, locale, zone, sort } = props;
  const back = encodeURIComponent(props.returnTo);
  return (
    <div class="table-wrap">
      <table class="striped followups">
        {props.caption ? <caption class="visually-hidden">{props.caption}</caption> : null}
        <thead>
          <tr>
            <SortHeader label={t('col.id')} field="id" state={sort} firstDesc />
            <SortHeader label={t('col.customer')} field="customerName" state={sort} />
            <SortHeader label={t('col.order')} field="orderRef" state={sort} />
            <SortHeader label={t('col.note')} field="note" state={sort} />
            <SortHeader label={t('col.user')} field="userName" state={sort} />
            <SortHeader label={t('col.date')} field="doneAt" state={sort} firstDesc />
            <SortHeader label={t('col.nextAt')} field="nextAt" state={sort} />
          </tr>
        </thead>
        <tbody>
          {props.items.length === 0 ? <EmptyRow colspan={7}>{t('followups.empty')}</EmptyRow> : null}
          {props.items.map((f) => (
            <tr>
              <td>
                {canWriteFollowup(props.actor, f.userId) ? (
                  <a
                    href={`/followups/${f.id}/edit?return=${back}`}
                    aria-label={t('followups.edit.link', { id: f.id })}
                  >
                    {f.id}
                  </a>
                ) : (
                  f.id
                )}
              </td>
              <td>
                <a href={`/customers/${f.customerId}`}>{f.customerName}</a>
              </td>
              <td>
                <a href={`/orders/${f.orderId}`}>{f.orderRef}</a>
              </td>
              <td class="note" title={f.note.length > NOTE_SHOWN ? f.note.slice(0, 2000) : undefined}>
                {f.note.length > NOTE_SHOWN ? `${f.note.slice(0, NOTE_SHOWN)}…` : f.note}
              </td>
              <td>{f.userName}</td>
              <td>
                <time datetime={f.doneAt}>{showDateTime(locale, f.doneAt, zone)}</time>
              </td>
              <td>
                <NextDate
                  t={t}
                  locale={locale}
                  day={f.nextAt}
                  today={props.today}
                  live={props.current.has(f.id)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
