// Orders from a spreadsheet: each line matched to an existing order by ref (else by external id), its customer
// found by code or by unique name; statuses, dates and amounts read in French or English; one transaction.
import type { CustomerRow } from '../../db/schema/customers.table.ts';
import type { NewOrderRow, OrderRow, OrderUpdate } from '../../db/schema/orders.table.ts';
import { moveFollowupsToCustomer, updateOrder } from '../orders/order.repository.ts';
import { OrderCreate } from '../orders/order.schemas.ts';
import { formatMoney, isOpenStatus } from '../orders/order.service.ts';
import type { CsvFile } from './csv-read.ts';
import * as repo from './import.repository.ts';
import { cellsOf, type HeaderMap, type OrderField } from './import-columns.ts';
import { checkLines, LineClaims, splitPlanned, writePlanned } from './import-run.ts';
import type { ImportEnv, ImportOutcome } from './import-support.ts';
import { parseStatus } from './import-values.ts';

type Values = Pick<
  NewOrderRow,
  | 'ref'
  | 'customer_id'
  | 'status'
  | 'order_date'
  | 'delivery_date'
  | 'total_excl_tax'
  | 'currency'
  | 'customer_ref'
  | 'external_id'
>;

interface Planned {
  line: number;
  values: Values;
  existing: OrderRow | undefined;
}

const fieldOfPath: Record<string, OrderField> = {
  ref: 'ref',
  customerId: 'customer',
  status: 'status',
  orderDate: 'orderDate',
  deliveryDate: 'deliveryDate',
  totalExclTax: 'totalExclTax',
  currency: 'currency',
  customerRef: 'customerRef',
  externalId: 'externalId',
};

const STATUS_HELP = 'Brouillon, Validée, En cours, Livrée, Annulée (or draft … cancelled, or -1 to 3)';

/** Compares as stored: amounts as 2-decimal strings whatever the dialect returned. */
function same(k: keyof Values, a: unknown, b: unknown): boolean {
  if (k === 'total_excl_tax') return formatMoney(a as string) === formatMoney(b as string);
  return (a ?? null) === (b ?? null);
}

export async function importOrders(
  env: ImportEnv,
  file: CsvFile,
  map: HeaderMap<OrderField>,
): Promise<ImportOutcome> {
  const db = env.core.database.db;
  const all = file.rows.map((row) => ({ row, cells: cellsOf(map, row.cells) }));
  const texts = (f: OrderField) => all.map((r) => r.cells[f]).filter((v): v is string => !!v);
  const byRef = new Map((await repo.ordersByRefs(db, texts('ref'))).map((o) => [o.ref, o]));
  const byExt = new Map(
    (await repo.ordersByExternalIds(db, env.source, texts('externalId'))).map((o) => [o.external_id, o]),
  );
  const customerByCode = new Map(
    (await repo.customersByCodes(db, texts('customerCode'))).map((c) => [c.code, c]),
  );
  const customersByName = new Map<string, CustomerRow[]>();
  for (const c of await repo.customersByNames(db, texts('customer')))
    customersByName.set(c.name, [...(customersByName.get(c.name) ?? []), c]);
  const customerColumn: OrderField = map.index.customerCode !== undefined ? 'customerCode' : 'customer';

  const claims = new LineClaims();
  const checked = checkLines(env, file, map, all, (r): Planned | undefined => {
    const ref = r.required('ref');
    const externalId = r.text('externalId');
    const byRefRow = ref ? byRef.get(ref) : undefined;
    const byExtRow = externalId ? byExt.get(externalId) : undefined;
    if (byRefRow && byExtRow && byRefRow.id !== byExtRow.id)
      r.reject('externalId', 'conflict', `External id "${externalId}" belongs to order ${byExtRow.ref}`, {
        value: externalId ?? '',
        other: byExtRow.ref,
      });
    const target = byRefRow ?? byExtRow;

    // The customer: by code when the file has that column, else by name; required for new orders.
    let customerId: number | undefined = target?.customer_id;
    const code = r.text('customerCode');
    const name = r.text('customer');
    if (code) {
      const c = customerByCode.get(code);
      if (c) customerId = c.id;
      else
        r.reject('customerCode', 'unknown_customer', `No customer has the code "${code}"`, { value: code });
    } else if (name) {
      const named = customersByName.get(name) ?? [];
      if (named.length === 1 && named[0]) customerId = named[0].id;
      else if (named.length > 1)
        r.reject(
          'customer',
          'ambiguous_customer',
          `Several customers are named "${name}"; add a "Code client" column`,
          {
            value: name,
          },
        );
      else r.reject('customer', 'unknown_customer', `No customer is named "${name}"`, { value: name });
    } else if (!target || code === null || name === null) {
      r.reject(
        customerColumn,
        'required',
        'This cell is empty but required: which customer is the order for?',
      );
    }
    const status = r.choice('status', parseStatus, STATUS_HELP);
    const orderDate = r.date('orderDate');
    const deliveryDate = r.date('deliveryDate');
    const total = r.decimal('totalExclTax');
    const currency = r.text('currency');
    if (!ref || customerId === undefined || !r.ok) return;

    const keep = <K extends keyof OrderRow>(k: K, v: OrderRow[K] | null | undefined): OrderRow[K] | null =>
      v === undefined ? (target ? target[k] : null) : v;
    const values: Values = {
      ref,
      customer_id: customerId,
      status: status ?? target?.status ?? 'draft',
      order_date: keep('order_date', orderDate),
      delivery_date: keep('delivery_date', deliveryDate),
      total_excl_tax: total ?? (target ? formatMoney(target.total_excl_tax) : '0'),
      currency: currency ? currency.toUpperCase() : (target?.currency ?? 'EUR'),
      customer_ref: keep('customer_ref', r.text('customerRef')),
      external_id: keep('external_id', externalId),
    };
    // The API's own schema: ref and text lengths, 2-decimal amounts, ISO 4217 currency.
    const parsed = OrderCreate.safeParse({
      ref: values.ref,
      customerId: values.customer_id,
      status: values.status,
      orderDate: values.order_date,
      deliveryDate: values.delivery_date,
      totalExclTax: values.total_excl_tax,
      currency: values.currency,
      customerRef: values.customer_ref,
      externalId: values.external_id,
    });
    if (!parsed.success) {
      r.zodIssues(parsed.error, fieldOfPath);
      return;
    }
    values.total_excl_tax = parsed.data.totalExclTax;
    const keys = [
      target ? `id:${target.id}` : '',
      `r:${values.ref}`,
      values.external_id ? `e:${values.external_id}` : '',
    ].filter(Boolean);
    if (!claims.take(r, keys, (earlier) => `Line ${earlier} already imports this order`)) return;
    return { line: r.row.line, values, existing: target };
  });
  if ('rejected' in checked) return checked;

  const split = splitPlanned(checked.planned, (p, was) => {
    const set: OrderUpdate = {};
    for (const [k, v] of Object.entries(p.values) as [keyof Values, unknown][])
      if (!same(k, was[k], v)) (set as Record<string, unknown>)[k] = v;
    if (set.status !== undefined) set.is_open = isOpenStatus(set.status) ? 1 : 0;
    if ('external_id' in set) set.external_source = set.external_id ? env.source : null;
    if (Object.keys(set).length === 0) return null;
    return {
      id: was.id,
      set: { ...set, updated_at: env.at },
      before: was,
      moved: set.customer_id !== undefined,
    };
  });
  return writePlanned(env, split, {
    entity: 'order',
    insert: (tx, rows) =>
      repo.insertOrders(
        tx,
        rows.map((p) => ({
          ...p.values,
          external_source: p.values.external_id ? env.source : null,
          is_open: isOpenStatus(p.values.status) ? 1 : 0,
          followup_count: 0,
          created_at: env.at,
          updated_at: env.at,
        })),
      ),
    rowKey: (row) => row.ref,
    plannedKey: (p) => p.values.ref,
    update: async (tx, u) => {
      await updateOrder(tx, u.id, u.set);
      // As the order service does: follow-ups carry their order's customer.
      if (u.moved && u.set.customer_id !== undefined)
        await moveFollowupsToCustomer(tx, u.id, u.set.customer_id);
    },
  });
}
