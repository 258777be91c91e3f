import { describe, expect, it } from 'vitest';
import type { Role } from '../db/schema/users.table.ts';
import { type Actor, can, canWriteFollowup, customerScope, type Permission } from './permissions.ts';

const actor = (role: Role, id = 7): Actor => ({ id, role, name: role, locale: 'fr' });

describe('the role matrix', () => {
  const rows: [Permission, Role[]][] = [
    ['read:customer:all', ['admin', 'manager', 'viewer']],
    ['write:customer', ['admin', 'manager']],
    ['write:order', ['admin', 'manager']],
    ['create:followup', ['admin', 'manager', 'sales']],
    ['create:followup:on-behalf', ['admin', 'manager']],
    ['write:followup:any', ['admin', 'manager']],
    ['write:followup:own', ['admin', 'manager', 'sales']],
    ['read:dashboard:team', ['admin', 'manager', 'viewer']],
    ['admin:users', ['admin']],
    ['admin:settings', ['admin']],
  ];
  for (const [permission, allowed] of rows) {
    it(`grants ${permission} to ${allowed.join(', ')} only`, () => {
      for (const role of ['admin', 'manager', 'sales', 'viewer'] as const) {
        expect(can(actor(role), permission), `${role} ${permission}`).toBe(allowed.includes(role));
      }
    });
  }

  it('lets a salesperson change only their own follow-ups, and a viewer none', () => {
    expect(canWriteFollowup(actor('sales', 7), 7)).toBe(true);
    expect(canWriteFollowup(actor('sales', 7), 8)).toBe(false);
    expect(canWriteFollowup(actor('manager', 7), 8)).toBe(true);
    expect(canWriteFollowup(actor('viewer', 7), 7)).toBe(false);
  });

  it('limits a salesperson to their customers unless "sales see all customers" is on', () => {
    expect(customerScope(actor('sales', 7), false)).toEqual({ all: false, salesRepId: 7 });
    expect(customerScope(actor('sales', 7), true)).toEqual({ all: true });
    expect(customerScope(actor('viewer', 7), false)).toEqual({ all: true });
  });
});
