// Exports of the follow-up and order lists, with the lists' own filters and visibility: read page by page
// through the list services (keyset pages of 1,000) and written out as they come, so memory stays flat
// however many rows there are. CSV for spreadsheets (columns in the reader's language, readable back by
// the import), JSON and NDJSON with the API's objects.
import type { Actor } from '../../auth/permissions.ts';
import type { Core } from '../../core.ts';
import { wallClock } from '../../shared/clock.ts';
import type { Page } from '../../shared/page.ts';
import { type Locale, type MessageKey, translator } from '../../web/i18n/i18n.ts';
import type { Followup } from '../followups/followup.schemas.ts';
import { FollowupListQuery } from '../followups/followup.schemas.ts';
import { listFollowups } from '../followups/followup.service.ts';
import type { Order } from '../orders/order.schemas.ts';
import { OrderListQuery } from '../orders/order.schemas.ts';
import { listOrders } from '../orders/order.service.ts';
import { listUserNames } from '../users/user.repository.ts';
import { BOM, type Cell, csvLines, type Delimiter } from './csv-write.ts';
import { latestNotesOf } from './export.repository.ts';

export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The list filters and sort, without paging: an export is the whole list. */
export const FollowupExportQuery = FollowupListQuery.omit({ limit: true, cursor: true });
export type FollowupExportQuery = ReturnType<typeof FollowupExportQuery.parse>;
export const OrderExportQuery = OrderListQuery.omit({ limit: true, cursor: true });
export type OrderExportQuery = ReturnType<typeof OrderExportQuery.parse>;

export interface ExportOptions {
  format: ExportFormat;
  /** Language of the CSV column names and labels, and its number and date style. */
  locale: Locale;
  /** Default: `;` in French (what Excel expects there), `,` in English. */
  delimiter?: Delimiter;
  pageSize?: number;
  /** Told after each page read, with its number of rows. */
  onPage?: (rows: number) => void;
}

export const defaultDelimiter = (locale: Locale): Delimiter => (locale === 'fr' ? ';' : ',');

const PAGE = 1000;

/** Dates and amounts as a spreadsheet of that language reads them as dates and numbers. */
function styleOf(locale: Locale, zone: string) {
  const fr = locale === 'fr';
  return {
    day: (d: string | null): Cell =>
      d ? { raw: fr ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : d } : null,
    instant: (iso: string | null): Cell => {
      if (!iso) return null;
      const p = wallClock(Date.parse(iso), zone);
      const time = `${p.hour}:${p.minute}`;
      return { raw: fr ? `${p.day}/${p.month}/${p.year} ${time}` : `${p.year}-${p.month}-${p.day} ${time}` };
    },
    amount: (v: string): Cell => ({ raw: fr ? v.replace('.', ',') : v }),
  };
}

interface Shape<T> {
  columns: MessageKey[];
  /** Rows of one page; may read more (e.g. the orders' latest notes) once per page. */
  rows(items: T[]): Promise<Cell[][]>;
}

async function* render<T>(
  fetch: (cursor: string | undefined) => Promise<Page<T>>,
  shape: Shape<T>,
  options: ExportOptions,
): AsyncGenerator<string> {
  const t = translator(options.locale);
  const delimiter = options.delimiter ?? defaultDelimiter(options.locale);
  // The first page is read before anything is written, so a bad filter fails with no partial output.
  let page = await fetch(undefined);
  options.onPage?.(page.items.length);
  let first = true;
  if (options.format === 'csv') yield BOM + csvLines([shape.columns.map((k) => ({ raw: t(k) }))], delimiter);
  else if (options.format === 'json') yield '[';
  for (;;) {
    if (options.format === 'csv') {
      if (page.items.length) yield csvLines(await shape.rows(page.items), delimiter);
    } else if (page.items.length) {
      const items = page.items.map((item) => JSON.stringify(item));
      yield options.format === 'json'
        ? `${first ? '\n' : ',\n'}${items.join(',\n')}`
        : `${items.join('\n')}\n`;
      first = false;
    }
    if (!page.nextCursor) break;
    page = await fetch(page.nextCursor);
    options.onPage?.(page.items.length);
  }
  if (options.format === 'json') yield first ? ']\n' : '\n]\n';
}

async function userNames(core: Core): Promise<Map<number, string>> {
  return new Map((await listUserNames(core.database.db)).map((u) => [u.id, u.name]));
}

export function exportFollowups(
  core: Core,
  actor: Actor,
  query: FollowupExportQuery,
  options: ExportOptions,
): AsyncGenerator<string> {
  const t = translator(options.locale);
  const s = styleOf(options.locale, core.clock.zone);
  const shape: Shape<Followup> = {
    columns: [
      'export.col.id',
      'export.col.customer',
      'export.col.order',
      'export.col.channel',
      'export.col.outcome',
      'export.col.note',
      'export.col.user',
      'export.col.doneAt',
      'export.col.nextAt',
      'export.col.assignee',
    ],
    rows: async (items) =>
      items.map((f) => [
        f.id,
        f.customerName,
        f.orderRef,
        { raw: t(`channel.${f.channel}`) },
        f.outcome ? { raw: t(`export.outcome.${f.outcome}`) } : null,
        f.note,
        f.userName,
        s.instant(f.doneAt),
        s.day(f.nextAt),
        f.assigneeName,
      ]),
  };
  const limit = options.pageSize ?? PAGE;
  return render((cursor) => listFollowups(core, actor, { ...query, limit, cursor }), shape, options);
}

export function exportOrders(
  core: Core,
  actor: Actor,
  query: OrderExportQuery,
  options: ExportOptions,
): AsyncGenerator<string> {
  const t = translator(options.locale);
  const s = styleOf(options.locale, core.clock.zone);
  let names: Map<number, string> | null = null;
  const shape: Shape<Order> = {
    columns: [
      'export.col.id',
      'export.col.ref',
      'export.col.customer',
      'export.col.status',
      'export.col.orderDate',
      'export.col.deliveryDate',
      'export.col.totalExclTax',
      'export.col.currency',
      'export.col.customerRef',
      'export.col.externalId',
      'export.col.lastFollowupAt',
      'export.col.nextFollowupAt',
      'export.col.followupCount',
      'export.col.assignee',
      'export.col.lastNote',
    ],
    rows: async (items) => {
      names ??= await userNames(core);
      const notes = await latestNotesOf(
        core.database.db,
        items.filter((o) => o.followupCount > 0).map((o) => o.id),
      );
      return items.map((o) => [
        o.id,
        o.ref,
        o.customerName,
        { raw: t(`status.${o.status}`) },
        s.day(o.orderDate),
        s.day(o.deliveryDate),
        s.amount(o.totalExclTax),
        o.currency,
        o.customerRef,
        o.externalId,
        s.instant(o.lastFollowupAt),
        s.day(o.nextFollowupAt),
        o.followupCount,
        o.nextAssigneeId ? (names?.get(o.nextAssigneeId) ?? null) : null,
        notes.get(o.id) ?? null,
      ]);
    },
  };
  const limit = options.pageSize ?? PAGE;
  return render((cursor) => listOrders(core, actor, { ...query, limit, cursor }), shape, options);
}
