import { describe, expect, it } from 'vitest';
import { sign, unsign } from './app-secret.ts';

describe('signed values', () => {
  it('round-trip with the same secret and are refused when forged or signed by another deployment', () => {
    const signed = sign('secret-a', 'session-id');
    expect(unsign('secret-a', signed)).toBe('session-id');
    expect(unsign('secret-b', signed)).toBeNull();
    expect(unsign('secret-a', 'session-id.forged')).toBeNull();
    expect(unsign('secret-a', 'no-signature')).toBeNull();
  });
});
