// `relance seed --demo`: a small French data set with overdue, due-today and upcoming follow-ups.
import { DateTime } from 'luxon';
import type { Actor } from '../../auth/permissions.ts';
import type { Core } from '../../core.ts';
import { AppError } from '../../shared/errors.ts';
import { createCustomer } from '../customers/customer.service.ts';
import { CHANNELS, OUTCOMES } from '../followups/followup.schemas.ts';
import { createFollowup } from '../followups/followup.service.ts';
import { indexAllPendingNotes } from '../followups/followup-note-indexer.ts';
import { ORDER_STATUSES } from '../orders/order.schemas.ts';
import { createOrder } from '../orders/order.service.ts';
import { findUserByLogin } from '../users/user.repository.ts';
import { createUser } from '../users/user.service.ts';
import { COMPANY_NAMES, COMPANY_PREFIXES, COMPANY_SUFFIXES, NOTES, TOWNS } from './french-data.ts';
import { Random } from './random.ts';

export const DEMO_PASSWORD = 'demo-relance';

const DEMO_USERS = [
  { login: 'marie.dupont', name: 'Marie Dupont', role: 'manager' },
  { login: 'julien.martin', name: 'Julien Martin', role: 'sales' },
  { login: 'sophie.leroy', name: 'Sophie Leroy', role: 'sales' },
  { login: 'thomas.bernard', name: 'Thomas Bernard', role: 'sales' },
  { login: 'claire.petit', name: 'Claire Petit', role: 'viewer' },
] as const;

export interface DemoResult {
  users: number;
  customers: number;
  orders: number;
  followups: number;
  password: string;
}

export async function seedDemo(core: Core): Promise<DemoResult> {
  if (await findUserByLogin(core.database.db, DEMO_USERS[0].login))
    throw new AppError('conflict', 'The demo data is already loaded in this database');
  const rnd = new Random(20261128);
  const users = [];
  for (const u of DEMO_USERS) {
    users.push(
      await createUser(core, null, {
        ...u,
        locale: 'fr',
        password: DEMO_PASSWORD,
        email: `${u.login}@exemple.fr`,
      }),
    );
  }
  const sales = users.filter((u) => u.role === 'sales');
  const system: Actor = { id: users[0]!.id, role: 'admin', name: 'seed', locale: 'fr' };
  const zone = core.clock.zone;
  const now = DateTime.fromJSDate(core.clock.now()).setZone(zone);
  const today = now.startOf('day');

  const customers = [];
  const usedNames = new Set<string>();
  while (customers.length < 30) {
    const name = `${rnd.pick(COMPANY_PREFIXES)} ${rnd.pick(COMPANY_NAMES)} ${rnd.pick(COMPANY_SUFFIXES)}`;
    if (usedNames.has(name)) continue;
    usedNames.add(name);
    const n: number = customers.length + 1;
    customers.push(
      await createCustomer(core, null, {
        code: `CU${String(n).padStart(4, '0')}`,
        name,
        kind: n % 4 === 0 ? 'prospect' : 'customer',
        email: `contact${n}@exemple.fr`,
        phone: `0${rnd.int(1, 5)} ${rnd.int(10, 99)} ${rnd.int(10, 99)} ${rnd.int(10, 99)} ${rnd.int(10, 99)}`,
        town: rnd.pick(TOWNS),
        country: 'FR',
        salesRepId: sales[n % sales.length]!.id,
      }),
    );
  }

  let followups = 0;
  const orders = [];
  for (let i = 1; i <= 120; i++) {
    const customer = customers[(i * 7) % customers.length]!;
    // The latest follow-up decides whether the order is overdue, due today or upcoming.
    const kind = rnd.pick([
      'overdue',
      'overdue',
      'today',
      'upcoming',
      'upcoming',
      'upcoming',
      'none',
    ] as const);
    const count = rnd.int(1, 4);
    const lastNext =
      kind === 'overdue'
        ? today.minus({ days: rnd.int(1, 12) })
        : kind === 'today'
          ? today
          : kind === 'upcoming'
            ? today.plus({ days: rnd.int(1, 20) })
            : null;
    // Walk back from the latest follow-up: it was done a few days before its next date (never in the
    // future), and each earlier one 5 to 20 days before the next.
    const latestDay = DateTime.min(
      (lastNext ?? today).minus({ days: kind === 'upcoming' ? rnd.int(0, 10) : rnd.int(3, 14) }),
      today,
    );
    const doneDays = [latestDay];
    for (let k = 1; k < count; k++) doneDays.unshift(doneDays[0]!.minus({ days: rnd.int(5, 20) }));
    // The order was placed a few days before its first follow-up.
    const orderDay = doneDays[0]!.minus({ days: rnd.int(1, 20) });
    const status = ORDER_STATUSES[i % ORDER_STATUSES.length]!;
    const order = await createOrder(core, null, {
      ref: `CO${orderDay.toFormat('yyMM')}-${String(i).padStart(4, '0')}`,
      customerId: customer.id,
      status,
      orderDate: orderDay.toISODate(),
      deliveryDate: orderDay.plus({ days: rnd.int(10, 45) }).toISODate(),
      totalExclTax: (rnd.int(20_000, 2_500_000) / 100).toFixed(2),
      currency: 'EUR',
      customerRef: rnd.chance(0.5) ? `BC-${rnd.int(1000, 9999)}` : null,
    });
    orders.push(order);
    const rep = sales.find((s) => s.id === customer.salesRepId) ?? sales[0]!;
    for (let k = 0; k < count; k++) {
      const isLast = k === count - 1;
      const at = doneDays[k]!.set({ hour: rnd.int(8, 18), minute: rnd.int(0, 59) });
      const doneAt = at > now ? now.minus({ minutes: rnd.int(10, 120) * (count - k) }) : at;
      const nextAt = isLast
        ? lastNext && lastNext >= doneAt.startOf('day')
          ? lastNext
          : null
        : doneDays[k + 1]!;
      await createFollowup(core, system, {
        orderId: order.id,
        channel: rnd.pick(CHANNELS),
        outcome: rnd.chance(0.7) ? rnd.pick(OUTCOMES) : null,
        note: rnd.pick(NOTES),
        doneAt: doneAt.toISO() ?? undefined,
        nextAt: nextAt?.toISODate() ?? null,
        userId: rep.id,
      });
      followups++;
    }
  }
  await indexAllPendingNotes(core);
  return {
    users: users.length,
    customers: customers.length,
    orders: orders.length,
    followups,
    password: DEMO_PASSWORD,
  };
}
