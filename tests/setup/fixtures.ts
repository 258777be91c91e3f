// Builders for test data, going through the real services so that every rule applies.
import type { Actor } from '../../src/auth/permissions.ts';
import type { Core } from '../../src/core.ts';
import type { Role } from '../../src/db/schema/users.table.ts';
import { createCustomer } from '../../src/modules/customers/customer.service.ts';
import { createOrder } from '../../src/modules/orders/order.service.ts';
import type { User } from '../../src/modules/users/user.schemas.ts';
import { createToken, createUser, toActor } from '../../src/modules/users/user.service.ts';

export interface Person {
  user: User;
  actor: Actor;
  token: string;
}

export async function person(core: Core, login: string, role: Role, name = login): Promise<Person> {
  const user = await createUser(core, null, { login, name, role, locale: 'en', password: 'password-123' });
  const token = await createToken(core, login);
  return {
    user,
    actor: toActor({ id: user.id, role: user.role, name: user.name, locale: user.locale }),
    token,
  };
}

export async function customer(core: Core, name: string, salesRepId: number | null = null) {
  return createCustomer(core, null, { name, kind: 'customer', salesRepId });
}

export async function order(
  core: Core,
  ref: string,
  customerId: number,
  status: 'draft' | 'validated' | 'in_progress' | 'delivered' | 'cancelled' = 'validated',
) {
  return createOrder(core, null, { ref, customerId, status, totalExclTax: '100.00', currency: 'EUR' });
}

/** The people the stories follow, one per role, with the logins and names the tests read. */
const TEAM = {
  admin: ['ada', 'admin', 'Ada Admin'],
  manager: ['manon', 'manager', 'Manon Manager'],
  alice: ['alice', 'sales', 'Alice Vendeuse'],
  bob: ['bob', 'sales', 'Bob Vendeur'],
  viewer: ['victor', 'viewer', 'Victor Viewer'],
} as const satisfies Record<string, readonly [string, Role, string]>;

type TeamMember = keyof typeof TEAM;

/** Creates the named members of the team, in the order given (their ids follow that order). */
export async function team<K extends TeamMember>(core: Core, ...who: K[]): Promise<Record<K, Person>> {
  const out = {} as Record<K, Person>;
  for (const k of who) {
    const [login, role, name] = TEAM[k];
    out[k] = await person(core, login, role, name);
  }
  return out;
}
