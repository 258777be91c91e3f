// `relance seed --customers N --orders N --followups N`: bulk synthetic data for benchmarks.
// Writes rows in large batches with explicit ids and each order's follow-up summary computed up front,
// so that a million follow-ups load in seconds rather than going through the per-row service rules.

import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { hashPassword } from '../../auth/passwords.ts';
import type { Core } from '../../core.ts';
import type { Executor } from '../../db/database.ts';
import type { NewCustomerRow } from '../../db/schema/customers.table.ts';
import type { NewFollowupRow } from '../../db/schema/followups.table.ts';
import type { NewOrderRow, OrderStatus } from '../../db/schema/orders.table.ts';
import { AppError } from '../../shared/errors.ts';
import { CHANNELS, OUTCOMES } from '../followups/followup.schemas.ts';
import { COMPANY_NAMES, COMPANY_PREFIXES, COMPANY_SUFFIXES, NOTES, TOWNS } from './french-data.ts';
import { Random } from './random.ts';

export const BULK_PASSWORD = 'bench-relance';

export interface BulkOptions {
  customers: number;
  orders: number;
  followups: number;
  users: number;
  progress?: (line: string) => void;
}

export interface BulkResult {
  customers: number;
  orders: number;
  followups: number;
  ms: number;
}

async function maxId(db: Executor, table: 'users' | 'customers' | 'orders' | 'followups'): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

async function insertBatches<T>(
  rows: T[],
  size: number,
  insert: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

const STATUS_WEIGHTS: [OrderStatus, number][] = [
  ['draft', 0.1],
  ['validated', 0.35],
  ['in_progress', 0.2],
  ['delivered', 0.3],
  ['cancelled', 0.05],
];

export async function seedBulk(core: Core, o: BulkOptions): Promise<BulkResult> {
  const started = Date.now();
  const log = o.progress ?? (() => {});
  if (o.orders > 0 && o.customers === 0 && (await maxId(core.database.db, 'customers')) === 0)
    throw new AppError('unprocessable', 'Orders need customers: give --customers too');
  if (o.followups > 0 && o.orders === 0)
    throw new AppError('unprocessable', 'Follow-ups need orders: give --orders too');
  const rnd = new Random(42);
  const db = core.database.db;
  const pg = core.database.dialect === 'postgres';
  const zone = core.clock.zone;
  const now = DateTime.fromJSDate(core.clock.now()).setZone(zone);
  const today = now.startOf('day');
  const at = now.toUTC().toISO() ?? '';
  // Batch sizes keep each statement under SQLite's and PostgreSQL's bound-parameter limits.
  const batch = 2000;

  // Users: one manager and N sales reps, all with the same password.
  const passwordHash = await hashPassword(BULK_PASSWORD);
  let userId = await maxId(db, 'users');
  const runTag = `${userId + 1}`;
  const salesIds: number[] = [];
  const users = [];
  for (let i = 0; i <= o.users; i++) {
    userId++;
    const isManager = i === 0;
    if (!isManager) salesIds.push(userId);
    users.push({
      id: userId,
      login: isManager ? `bench.manager.${runTag}` : `bench.sales${i}.${runTag}`,
      name: isManager ? `Manager ${runTag}` : `Commercial ${i} (${runTag})`,
      email: null,
      role: isManager ? ('manager' as const) : ('sales' as const),
      locale: 'fr' as const,
      active: 1,
      password_hash: passwordHash,
      calendar_secret: null,
      digest_opt_in: 0,
      created_at: at,
      updated_at: at,
    });
  }
  await db.insertInto('users').values(users).execute();
  if (salesIds.length === 0) salesIds.push(userId);

  await db.transaction().execute(async (tx) => {
    const firstCustomer = (await maxId(tx, 'customers')) + 1;
    const customers: NewCustomerRow[] = [];
    const repOf = new Map<number, number>();
    for (let i = 0; i < o.customers; i++) {
      const id = firstCustomer + i;
      const rep = salesIds[i % salesIds.length]!;
      repOf.set(id, rep);
      customers.push({
        id,
        code: `BK${id}`,
        name: `${rnd.pick(COMPANY_PREFIXES)} ${rnd.pick(COMPANY_NAMES)} ${rnd.pick(COMPANY_SUFFIXES)} ${id}`,
        kind: i % 5 === 0 ? 'prospect' : 'customer',
        email: null,
        phone: null,
        town: rnd.pick(TOWNS),
        country: 'FR',
        sales_rep_id: rep,
        external_source: null,
        external_id: null,
        created_at: at,
        updated_at: at,
      } as NewCustomerRow);
    }
    await insertBatches(customers, batch, (c) => tx.insertInto('customers').values(c).execute());
    log(`customers: ${o.customers}`);
    const customerCount = o.customers || (await maxId(tx, 'customers'));
    const customerBase = o.customers ? firstCustomer : 1;

    const firstOrder = (await maxId(tx, 'orders')) + 1;
    let nextFollowupId = (await maxId(tx, 'followups')) + 1;
    const perOrder = o.orders ? o.followups / o.orders : 0;
    let followupsLeft = o.followups;
    // Orders and their follow-ups go in chunks: orders first (foreign keys), each with its summary.
    const chunk = 5000;
    for (let start = 0; start < o.orders; start += chunk) {
      const orders: NewOrderRow[] = [];
      const followups: NewFollowupRow[] = [];
      for (let i = start; i < Math.min(o.orders, start + chunk); i++) {
        const id = firstOrder + i;
        const customerId = customerBase + rnd.int(0, customerCount - 1);
        const rep = repOf.get(customerId) ?? salesIds[customerId % salesIds.length]!;
        let r = rnd.next();
        let status: OrderStatus = 'validated';
        for (const [s, w] of STATUS_WEIGHTS) {
          if (r < w) {
            status = s;
            break;
          }
          r -= w;
        }
        const orderDay = today.minus({ days: rnd.int(1, 730) });
        const n =
          i === o.orders - 1 ? followupsLeft : Math.min(followupsLeft, Math.round(perOrder * 2 * rnd.next()));
        followupsLeft -= n;
        let latest: NewFollowupRow | null = null;
        let latestId: number | null = null;
        const span = Math.max(1, Math.floor(today.diff(orderDay, 'days').days));
        for (let k = 0; k < n; k++) {
          const done = orderDay.plus({
            days: Math.floor(((k + rnd.next()) * span) / n),
            minutes: rnd.int(480, 1080),
          });
          const doneAt = DateTime.min(done, now);
          const nextAt = rnd.chance(0.8) ? doneAt.plus({ days: rnd.int(1, 30) }).toISODate() : null;
          const f: NewFollowupRow = {
            id: nextFollowupId++,
            order_id: id,
            customer_id: customerId,
            user_id: rep,
            channel: rnd.pick(CHANNELS),
            outcome: rnd.chance(0.6) ? rnd.pick(OUTCOMES) : null,
            note: `${rnd.pick(NOTES)} (${id}-${k})`,
            done_at: doneAt.toUTC().toISO() ?? at,
            next_at: nextAt,
            assignee_id: rep,
            created_at: at,
            updated_at: at,
          } as NewFollowupRow;
          followups.push(f);
          latest = f;
          latestId = f.id as number;
        }
        orders.push({
          id,
          ref: `BK${String(id).padStart(7, '0')}`,
          customer_id: customerId,
          status,
          order_date: orderDay.toISODate(),
          delivery_date: orderDay.plus({ days: rnd.int(7, 60) }).toISODate(),
          total_excl_tax: (rnd.int(5_000, 5_000_000) / 100).toFixed(2),
          currency: 'EUR',
          customer_ref: null,
          external_source: null,
          external_id: null,
          is_open: status === 'delivered' || status === 'cancelled' ? 0 : 1,
          next_followup_at: latest?.next_at ?? null,
          next_assignee_id: latest ? rep : null,
          last_followup_id: latestId,
          last_followup_at: latest?.done_at ?? null,
          followup_count: n,
          created_at: at,
          updated_at: at,
        } as NewOrderRow);
      }
      await insertBatches(orders, batch / 2, (c) => tx.insertInto('orders').values(c).execute());
      await insertBatches(followups, batch / 2, (c) => tx.insertInto('followups').values(c).execute());
      log(
        `orders: ${Math.min(o.orders, start + chunk)}/${o.orders}, follow-ups: ${o.followups - followupsLeft}/${o.followups}`,
      );
    }
    if (pg) {
      // Explicit ids do not advance PostgreSQL identity sequences.
      for (const t of ['users', 'customers', 'orders', 'followups'])
        await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 1))`.execute(
          tx,
        );
    }
  });
  await sql`analyze`.execute(db);
  return { customers: o.customers, orders: o.orders, followups: o.followups, ms: Date.now() - started };
}
