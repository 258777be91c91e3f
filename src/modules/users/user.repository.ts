// SQL for users, API tokens and web sessions.
import { compiledOnce } from '../../db/compiled-once.ts';
import type { Executor } from '../../db/database.ts';
import type { NewUserRow, UserRow, UserUpdate } from '../../db/schema/users.table.ts';

export const findUserById = (db: Executor, id: number): Promise<UserRow | undefined> =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByLogin = (db: Executor, login: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();

export const listUsers = (db: Executor): Promise<UserRow[]> =>
  db.selectFrom('users').selectAll().orderBy('name').orderBy('id').execute();

const userNames = compiledOnce((db, _: Record<string, never>) =>
  db.selectFrom('users').select(['id', 'name', 'role', 'active']).orderBy('name').orderBy('id'),
);

/**
 * Every user's id, name, role and active flag, in name order: what pickers and filters show (every list
 * page). Compiled once (src/db/compiled-once.ts).
 */
export const listUserNames = (db: Executor): Promise<Pick<UserRow, 'id' | 'name' | 'role' | 'active'>[]> =>
  userNames(db, {});

export async function hasActiveAdmin(db: Executor): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function countUsers(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertUser(db: Executor, row: NewUserRow): Promise<number> {
  const r = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateUser(db: Executor, id: number, patch: UserUpdate): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function insertToken(db: Executor, userId: number, name: string, tokenHash: string, at: string) {
  const r = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: tokenHash, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

const userByTokenHash = compiledOnce((db, p: { tokenHash: string }) =>
  db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('u')
    .select(['t.id as token_id', 't.last_used_at'])
    .where('t.token_hash', '=', p.tokenHash)
    .where('t.revoked_at', 'is', null),
);

/** Every API call's: compiled once (src/db/compiled-once.ts). */
export const findUserByTokenHash = async (db: Executor, tokenHash: string) =>
  (await userByTokenHash(db, { tokenHash }))[0];

export async function touchToken(db: Executor, tokenId: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
}

export async function revokeToken(db: Executor, tokenId: number, at: string): Promise<number> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export const listTokens = (db: Executor, userId: number) =>
  db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();

export async function insertSession(
  db: Executor,
  row: { id: string; user_id: number; csrf_token: string; created_at: string; expires_at: string },
): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

const sessionById = compiledOnce((db, p: { id: string }) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.csrf_token', 's.expires_at'])
    .where('s.id', '=', p.id),
);

/** Every page's: compiled once (src/db/compiled-once.ts). */
export const findSession = async (db: Executor, id: string) => (await sessionById(db, { id }))[0];

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}
