// The deployment's secret: RELANCE_SECRET, or one generated on first start and kept in the database,
// so that every app server of a deployment signs and checks session cookies the same way.
import { createHmac } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import { getOrCreateSetting } from '../modules/settings/settings.repository.ts';
import { randomSecret, safeEqual } from './secrets.ts';

export async function loadSecret(db: Executor, fromEnv: string | undefined): Promise<string> {
  return fromEnv ?? getOrCreateSetting(db, 'secret', randomSecret());
}

const mac = (secret: string, value: string) => createHmac('sha256', secret).update(value).digest('base64url');

/** `value.signature`: lets a server reject forged cookies before touching the database. */
export const sign = (secret: string, value: string): string => `${value}.${mac(secret, value)}`;

export function unsign(secret: string, signed: string): string | null {
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  return safeEqual(signed.slice(dot + 1), mac(secret, value)) ? value : null;
}
