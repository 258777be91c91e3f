// Resolves an actor's customer scope, reading the "sales see all customers" setting.
import type { Core } from '../core.ts';
import { getSetting } from '../modules/settings/settings.repository.ts';
import { type Actor, type CustomerScope, can, customerScope } from './permissions.ts';

export async function scopeFor(core: Core, actor: Actor): Promise<CustomerScope> {
  if (can(actor, 'read:customer:all')) return { all: true };
  const salesSeeAll = (await getSetting(core.database.db, 'sales_see_all')) === 'true';
  return customerScope(actor, salesSeeAll);
}
