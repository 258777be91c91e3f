// From Dolibarr's JSON to Relance's records and back: URLs, amounts, dates, statuses, kinds, event types.
// Pure functions, no I/O: what a Dolibarr 23 answer means is decided here and nowhere else.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CustomerKind } from '../../db/schema/customers.table.ts';
import type { Channel } from '../../db/schema/followups.table.ts';
import type { OrderStatus } from '../../db/schema/orders.table.ts';
import { AppError } from '../../shared/errors.ts';
import { CustomerCreate } from '../customers/customer.schemas.ts';
import { DOLIBARR_STATUS, OrderCreate } from '../orders/order.schemas.ts';

/**
 * The REST API root from what a user pastes: the address they open in the browser (with or without a
 * sub-folder, a trailing slash or a page such as /index.php?mainmenu=home), or the API root itself.
 */
export function apiRootOf(input: string): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError(
      'bad_request',
      `The Dolibarr URL "${text}" is not an address: give the one you open in the browser, e.g. https://erp.example.com`,
      [{ path: 'url', message: 'not an address' }],
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError(
      'bad_request',
      `The Dolibarr URL must start with https:// or http:// (got "${text}")`,
      [{ path: 'url', message: 'must start with https:// or http://' }],
    );
  let path = url.pathname.replace(/\/+$/, '');
  const api = path.match(/^(.*?)\/api(\/index\.php)?(\/.*)?$/);
  if (api) path = api[1] ?? '';
  else path = path.replace(/\/[^/]*\.php$/, '');
  return `${url.origin}${path}/api/index.php`;
}

/** "3620.00000000" (or a number) → "3620.00", rounded half away from zero on the decimal text, never a float. */
export function toMoney(value: unknown): string | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(8) : '') : value;
  if (typeof text !== 'string') return null;
  const m = text.trim().match(/^(-?)(\d+)(?:\.(\d*))?$/);
  if (!m) return null;
  const [, sign = '', whole = '0', fraction = ''] = m;
  const cents = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
  const rounded = (fraction[2] ?? '0') >= '5' ? cents + 1n : cents;
  const abs = rounded.toString().padStart(3, '0');
  const out = `${abs.slice(0, -2)}.${abs.slice(-2)}`;
  return sign && rounded !== 0n ? `-${out}` : out;
}

/** Dolibarr's Unix seconds ("" or null when unset) → the calendar day in the deployment's zone. */
export function toDay(value: unknown, zone: string): string | null {
  const n = unixSeconds(value);
  return n === null ? null : DateTime.fromSeconds(n, { zone }).toISODate();
}

export function unixSeconds(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n > 0 ? Math.trunc(n) : null;
}

/** Dolibarr's `client` code → our kind: 1 customer, 2 prospect, 3 both (a customer); 0 is neither. */
export function kindOf(client: unknown): CustomerKind | null {
  switch (String(client ?? '')) {
    case '1':
    case '3':
      return 'customer';
    case '2':
      return 'prospect';
    default:
      return null;
  }
}

export function statusOf(code: unknown): OrderStatus | null {
  return DOLIBARR_STATUS[String(code ?? '').trim()] ?? null;
}

export const EVENT_TYPE_BY_CHANNEL: Record<Channel, string> = {
  phone: 'AC_TEL',
  email: 'AC_EMAIL',
  meeting: 'AC_RDV',
  letter: 'AC_OTH',
  other: 'AC_OTH',
};

/**
 * The first day whose modifications the next import asks for. Day precision on purpose: `tms` is a
 * database timestamp shown in the database session's zone, which Dolibarr does not pin, and values with
 * ':' are cut by some versions' filter parser; `YYYYMMDD` is the form Dolibarr documents and both MariaDB
 * and PostgreSQL read. Going back 14 hours before the UTC day covers every zone; what comes again is
 * compared and counted as unchanged.
 */
export function modifiedSinceDay(sinceEpoch: number): string {
  return DateTime.fromSeconds(sinceEpoch - 14 * 3600, { zone: 'utc' }).toISODate() ?? '';
}

/** The `sqlfilters` clause for records modified on or after `day` (YYYY-MM-DD). */
export function modifiedSinceFilter(day: string): string {
  return `(t.tms:>=:'${day.replaceAll('-', '')}')`;
}

const idText = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const optionalText = z
  .union([z.string(), z.number(), z.null(), z.undefined()])
  .transform((v) => (v === null || v === undefined ? null : String(v).trim() || null));

const RawThirdParty = z.looseObject({
  id: idText,
  name: optionalText,
  client: z.unknown().optional(),
  code_client: optionalText,
  email: optionalText,
  phone: optionalText,
  town: optionalText,
  country_code: optionalText,
});

const RawOrder = z.looseObject({
  id: idText,
  ref: optionalText,
  socid: idText,
  statut: z.unknown().optional(),
  status: z.unknown().optional(),
  total_ht: z.unknown().optional(),
  multicurrency_code: optionalText,
  multicurrency_total_ht: z.unknown().optional(),
  date_commande: z.unknown().optional(),
  date: z.unknown().optional(),
  delivery_date: z.unknown().optional(),
  date_livraison: z.unknown().optional(),
  ref_client: optionalText,
  date_modification: z.unknown().optional(),
});

export interface ImportedCustomer {
  externalId: string;
  code: string | null;
  name: string;
  kind: CustomerKind;
  email: string | null;
  phone: string | null;
  town: string | null;
  country: string | null;
}

export interface ImportedOrder {
  externalId: string;
  ref: string;
  /** Dolibarr id of the third party. */
  socid: string;
  status: OrderStatus;
  orderDate: string | null;
  deliveryDate: string | null;
  totalExclTax: string;
  currency: string;
  customerRef: string | null;
  modifiedEpoch: number | null;
}

export type Mapped<T> =
  | { ok: true; value: T; warnings: string[] }
  | { ok: false; id: string; ref: string | null; reason: string };

const firstIssue = (e: z.ZodError): string => {
  const i = e.issues[0];
  return i ? `${i.path.join('.') || 'record'}: ${i.message}` : 'invalid record';
};

const idOf = (raw: unknown): string => {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '?';
};

/** A third party of `GET /thirdparties` → a customer or prospect, checked by the customer's own schema. */
export function mapThirdParty(raw: unknown): Mapped<ImportedCustomer> {
  const parsed = RawThirdParty.safeParse(raw);
  if (!parsed.success) return { ok: false, id: idOf(raw), ref: null, reason: firstIssue(parsed.error) };
  const t = parsed.data;
  const kind = kindOf(t.client);
  if (!kind)
    return { ok: false, id: t.id, ref: t.name, reason: 'neither a customer nor a prospect (client = 0)' };
  const warnings: string[] = [];
  let email = t.email;
  if (email && !z.email().safeParse(email).success) {
    warnings.push(`e-mail "${email}" is not valid: imported without it`);
    email = null;
  }
  const input = {
    code: t.code_client,
    name: t.name ?? '',
    kind,
    email,
    phone: t.phone,
    town: t.town,
    country: t.country_code,
    externalId: t.id,
  };
  const checked = CustomerCreate.safeParse(input);
  if (!checked.success) return { ok: false, id: t.id, ref: t.name, reason: firstIssue(checked.error) };
  const c = checked.data;
  return {
    ok: true,
    warnings,
    value: {
      externalId: t.id,
      code: c.code ?? null,
      name: c.name,
      kind: c.kind,
      email: c.email ?? null,
      phone: c.phone ?? null,
      town: c.town ?? null,
      country: c.country ?? null,
    },
  };
}

const OrderInput = OrderCreate.omit({ customerId: true });

/** A customer order of `GET /orders` → an order, checked by the order's own schema. */
export function mapOrder(raw: unknown, zone: string): Mapped<ImportedOrder> {
  const parsed = RawOrder.safeParse(raw);
  if (!parsed.success) return { ok: false, id: idOf(raw), ref: null, reason: firstIssue(parsed.error) };
  const o = parsed.data;
  const status = statusOf(o.statut ?? o.status);
  if (!status)
    return {
      ok: false,
      id: o.id,
      ref: o.ref,
      reason: `unknown status ${JSON.stringify(o.statut ?? o.status)}`,
    };
  // The amount in the order's own currency: multicurrency_* when Dolibarr gives them (it copies the main
  // currency there when the multi-currency module is off), else total_ht in euros.
  const inOrderCurrency = o.multicurrency_code ? toMoney(o.multicurrency_total_ht) : null;
  const total = inOrderCurrency ?? toMoney(o.total_ht ?? '0');
  if (total === null)
    return {
      ok: false,
      id: o.id,
      ref: o.ref,
      reason: `total_ht ${JSON.stringify(o.total_ht)} is not an amount`,
    };
  const input = {
    ref: o.ref ?? '',
    status,
    orderDate: toDay(o.date_commande ?? o.date, zone),
    deliveryDate: toDay(o.delivery_date || o.date_livraison, zone),
    totalExclTax: total,
    currency: inOrderCurrency !== null ? (o.multicurrency_code ?? 'EUR').toUpperCase() : 'EUR',
    // Dolibarr allows 255 characters; the reference is informative, so a long one is cut rather than refused.
    customerRef: o.ref_client ? o.ref_client.slice(0, 120) : null,
    externalId: o.id,
  };
  const checked = OrderInput.safeParse(input);
  if (!checked.success) return { ok: false, id: o.id, ref: o.ref, reason: firstIssue(checked.error) };
  const v = checked.data;
  return {
    ok: true,
    warnings: [],
    value: {
      externalId: o.id,
      ref: v.ref,
      socid: o.socid,
      status: v.status,
      orderDate: v.orderDate ?? null,
      deliveryDate: v.deliveryDate ?? null,
      totalExclTax: v.totalExclTax,
      currency: v.currency,
      customerRef: v.customerRef ?? null,
      modifiedEpoch: unixSeconds(o.date_modification),
    },
  };
}

export interface EventDraft {
  followupId: number;
  orderExternalId: string;
  orderRef: string;
  channel: Channel;
  note: string;
  doneAt: string;
  socid: string | null;
  ownerId: number;
}

/** The body of `POST /agendaevents` for a follow-up: a done event on the order, owned by who made it. */
export function agendaEventBody(d: EventDraft): Record<string, string | number> {
  const datep = Math.floor(Date.parse(d.doneAt) / 1000);
  return {
    type_code: EVENT_TYPE_BY_CHANNEL[d.channel],
    label: `Relance commande ${d.orderRef}`,
    note_private: d.note,
    datep,
    datef: datep,
    percentage: 100,
    userownerid: d.ownerId,
    ...(d.socid ? { socid: Number(d.socid) } : {}),
    elementtype: 'order',
    fk_element: Number(d.orderExternalId),
  };
}

/** Is this event (from `GET /agendaevents`) the one `body` created? Used to find a POST whose answer was lost. */
export function isSameEvent(event: unknown, body: Record<string, string | number>): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  return (
    String(e.type_code ?? '') === body.type_code &&
    Number(e.datep) === body.datep &&
    String(e.label ?? '') === body.label &&
    String(e.note_private ?? '') === String(body.note_private ?? '')
  );
}
