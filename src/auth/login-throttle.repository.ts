// SQL for the login rate limit: failed attempts counted per login and per client address, in a time window.
import type { Executor } from '../db/database.ts';

export async function insertFailure(
  db: Executor,
  loginHash: string,
  ipHash: string,
  at: string,
): Promise<void> {
  await db.insertInto('login_attempts').values({ login_hash: loginHash, ip_hash: ipHash, at }).execute();
}

export interface WindowCount {
  count: number;
  /** The oldest failure still inside the window, or null when there is none. */
  oldest: string | null;
}

async function countSince(
  db: Executor,
  column: 'login_hash' | 'ip_hash',
  hash: string,
  since: string,
): Promise<WindowCount> {
  const r = await db
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
    .where(column, '=', hash)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(r.n), oldest: r.oldest ?? null };
}

export const countLoginFailures = (db: Executor, loginHash: string, since: string) =>
  countSince(db, 'login_hash', loginHash, since);

export const countIpFailures = (db: Executor, ipHash: string, since: string) =>
  countSince(db, 'ip_hash', ipHash, since);

/** A successful login forgets that login's failures (not the address's). */
export async function clearLoginFailures(db: Executor, loginHash: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('login_hash', '=', loginHash).execute();
}

/** Rows older than the window no longer count: delete them so that the table stays small. */
export async function purgeFailuresBefore(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<=', before).execute();
}
