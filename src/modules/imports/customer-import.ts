// Customers from a spreadsheet: each line matched to an existing customer by code, else by external id, else
// (when the file gives neither) by its unique name; new ones created, changed ones updated, all in one transaction.
import type { CustomerRow, CustomerUpdate, NewCustomerRow } from '../../db/schema/customers.table.ts';
import { updateCustomer } from '../customers/customer.repository.ts';
import { CustomerCreate } from '../customers/customer.schemas.ts';
import { toCustomer } from '../customers/customer.service.ts';
import type { CsvFile } from './csv-read.ts';
import * as repo from './import.repository.ts';
import { type CustomerField, cellsOf, type HeaderMap } from './import-columns.ts';
import { checkLines, LineClaims, splitPlanned, writePlanned } from './import-run.ts';
import { type ImportEnv, type ImportOutcome, userDirectory } from './import-support.ts';
import { parseKind } from './import-values.ts';

type Values = Omit<NewCustomerRow, 'created_at' | 'updated_at' | 'external_source' | 'id'>;

interface Planned {
  line: number;
  key: string;
  values: Values;
  existing: CustomerRow | undefined;
}

const fieldOfPath: Record<string, CustomerField> = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  email: 'email',
  phone: 'phone',
  town: 'town',
  country: 'country',
  salesRepId: 'salesRep',
  externalId: 'externalId',
};

const keyOf = (v: Pick<Values, 'code' | 'external_id' | 'name'>) =>
  v.code ? `c:${v.code}` : v.external_id ? `e:${v.external_id}` : `n:${v.name}`;

export async function importCustomers(
  env: ImportEnv,
  file: CsvFile,
  map: HeaderMap<CustomerField>,
): Promise<ImportOutcome> {
  const db = env.core.database.db;
  const all = file.rows.map((row) => ({ row, cells: cellsOf(map, row.cells) }));
  const codes = all.map((r) => r.cells.code).filter((v): v is string => !!v);
  const extIds = all.map((r) => r.cells.externalId).filter((v): v is string => !!v);
  const keylessNames = all
    .filter((r) => !r.cells.code && !r.cells.externalId && r.cells.name)
    .map((r) => r.cells.name as string);
  const byCode = new Map((await repo.customersByCodes(db, codes)).map((c) => [c.code, c]));
  const byExt = new Map(
    (await repo.customersByExternalIds(db, env.source, extIds)).map((c) => [c.external_id, c]),
  );
  const byName = new Map<string, CustomerRow[]>();
  for (const c of await repo.customersByNames(db, keylessNames))
    byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  const users = await userDirectory(env.core);

  const claims = new LineClaims();
  const checked = checkLines(env, file, map, all, (r): Planned | undefined => {
    const code = r.text('code');
    const externalId = r.text('externalId');
    const name = r.required('name');
    const existing = (code && byCode.get(code)) || (externalId && byExt.get(externalId)) || undefined;
    const kind = r.choice('kind', parseKind, 'client, prospect (or customer, 1, 2, 3)');
    let salesRepId: number | null | undefined;
    const rep = r.text('salesRep');
    if (rep) {
      const found = users.resolve(rep);
      if ('user' in found) salesRepId = found.user.id;
      else r.reject('salesRep', found.code, found.message, { value: rep });
    } else salesRepId = rep === null ? null : undefined;
    if (!name || !r.ok) return;

    let target = existing;
    if (code && externalId) {
      const a = byCode.get(code);
      const b = byExt.get(externalId);
      if (a && b && a.id !== b.id) {
        r.reject(
          'externalId',
          'conflict',
          `Code "${code}" belongs to ${a.name} but external id "${externalId}" to ${b.name}`,
          { code, externalId, a: a.name, b: b.name },
        );
        return;
      }
    }
    if (!code && !externalId) {
      const named = byName.get(name) ?? [];
      if (named.length > 1) {
        r.reject(
          'name',
          'ambiguous_customer',
          `Several customers are named "${name}"; add a "Code client" column to say which`,
          { value: name },
        );
        return;
      }
      target = named[0];
    }
    // Columns the file does not have keep the existing values; empty cells clear optional ones.
    const keep = <K extends keyof CustomerRow>(
      k: K,
      v: CustomerRow[K] | null | undefined,
    ): CustomerRow[K] | null => (v === undefined ? (target ? target[k] : null) : v);
    const values: Values = {
      code: keep('code', code),
      name,
      kind: kind ?? target?.kind ?? 'customer',
      email: keep('email', r.text('email')),
      phone: keep('phone', r.text('phone')),
      town: keep('town', r.text('town')),
      country: keep('country', r.text('country')),
      sales_rep_id: keep('sales_rep_id', salesRepId),
      external_id: keep('external_id', externalId),
    };
    // The API's own schema checks lengths and the e-mail address.
    const parsed = CustomerCreate.safeParse({
      code: values.code,
      name: values.name,
      kind: values.kind,
      email: values.email,
      phone: values.phone,
      town: values.town,
      country: values.country,
      salesRepId: values.sales_rep_id,
      externalId: values.external_id,
    });
    if (!parsed.success) {
      r.zodIssues(parsed.error, fieldOfPath);
      return;
    }
    // A line may not claim a customer, a code or an external id that an earlier line claimed.
    const keys = [
      target ? `id:${target.id}` : '',
      values.code ? `c:${values.code}` : '',
      values.external_id ? `e:${values.external_id}` : '',
      !code && !externalId ? `n:${name}` : '',
    ].filter(Boolean);
    if (!claims.take(r, keys, (earlier) => `Line ${earlier} already imports this customer`)) return;
    return { line: r.row.line, key: keyOf(values), values, existing: target };
  });
  if ('rejected' in checked) return checked;

  const split = splitPlanned(checked.planned, (p, was) => {
    const set: CustomerUpdate = {};
    for (const [k, v] of Object.entries(p.values) as [keyof Values, unknown][])
      if ((was[k] ?? null) !== (v ?? null)) (set as Record<string, unknown>)[k] = v;
    if (p.values.external_id && was.external_source !== env.source && 'external_id' in set)
      set.external_source = env.source;
    if (p.values.external_id === null && 'external_id' in set) set.external_source = null;
    if (Object.keys(set).length === 0) return null;
    return { id: was.id, set: { ...set, updated_at: env.at }, before: toCustomer(was) };
  });
  return writePlanned(env, split, {
    entity: 'customer',
    insert: (tx, rows) =>
      repo.insertCustomers(
        tx,
        rows.map((p) => ({
          ...p.values,
          external_source: p.values.external_id ? env.source : null,
          created_at: env.at,
          updated_at: env.at,
        })),
      ),
    rowKey: (row) => keyOf(row),
    plannedKey: (p) => p.key,
    update: (tx, u) => updateCustomer(tx, u.id, u.set),
  });
}
