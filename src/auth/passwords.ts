// Password hashing with argon2id (library defaults: ~10 ms a hash here).
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A readable random password for generated accounts: 16 characters from base64url. */
export const generatePassword = (): string => randomBytes(12).toString('base64url');
