// Who may do what: the role matrix, checked in one place by every service.
import type { Role } from '../db/schema/users.table.ts';
import { forbidden } from '../shared/errors.ts';

export interface Actor {
  id: number;
  role: Role;
  name: string;
  locale: 'fr' | 'en';
}

export type Permission =
  | 'read:customer:all'
  | 'write:customer'
  | 'delete:customer'
  | 'write:order'
  | 'delete:order'
  | 'create:followup'
  | 'create:followup:on-behalf'
  | 'write:followup:own'
  | 'write:followup:any'
  | 'read:dashboard:team'
  | 'admin:users'
  | 'admin:settings';

const matrix: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([
    'read:customer:all',
    'write:customer',
    'delete:customer',
    'write:order',
    'delete:order',
    'create:followup',
    'create:followup:on-behalf',
    'write:followup:own',
    'write:followup:any',
    'read:dashboard:team',
    'admin:users',
    'admin:settings',
  ]),
  manager: new Set<Permission>([
    'read:customer:all',
    'write:customer',
    'delete:customer',
    'write:order',
    'delete:order',
    'create:followup',
    'create:followup:on-behalf',
    'write:followup:own',
    'write:followup:any',
    'read:dashboard:team',
  ]),
  sales: new Set<Permission>(['create:followup', 'write:followup:own']),
  viewer: new Set<Permission>(['read:customer:all', 'read:dashboard:team']),
};

export function can(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  return matrix[actor.role].has(permission);
}

export function ensure(actor: Pick<Actor, 'role'>, permission: Permission, message?: string): void {
  if (!can(actor, permission)) throw forbidden(message);
}

/** The customers an actor may see: all of them, or those whose sales rep they are. */
export type CustomerScope = { all: true } | { all: false; salesRepId: number };

export function customerScope(actor: Actor, salesSeeAll: boolean): CustomerScope {
  if (can(actor, 'read:customer:all') || salesSeeAll) return { all: true };
  return { all: false, salesRepId: actor.id };
}

/** May this actor change or delete a follow-up recorded by `ownerId`? */
export function canWriteFollowup(actor: Actor, ownerId: number): boolean {
  return can(actor, 'write:followup:any') || (can(actor, 'write:followup:own') && ownerId === actor.id);
}
