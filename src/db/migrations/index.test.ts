import { describe, expect, it } from 'vitest';
import { migrations } from './index.ts';

describe('the migration index', () => {
  it('lists migrations in the order of their names, each with an up function', () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    for (const [name, m] of Object.entries(migrations)) expect(typeof m.up, name).toBe('function');
  });
});
