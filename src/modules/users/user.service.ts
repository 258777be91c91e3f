// Users and their credentials: accounts, API tokens, web sessions, and the first administrator.
import { z } from '@hono/zod-openapi';
import { DateTime } from 'luxon';
import { sign, unsign } from '../../auth/app-secret.ts';
import { generatePassword, hashPassword, verifyPassword } from '../../auth/passwords.ts';
import { type Actor, ensure } from '../../auth/permissions.ts';
import { randomSecret, sha256 } from '../../auth/secrets.ts';
import { type Core, nowIso } from '../../core.ts';
import type { UserRow, UserUpdate } from '../../db/schema/users.table.ts';
import { AppError, notFound, unprocessable } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { getSetting, setSetting } from '../settings/settings.repository.ts';
import * as repo from './user.repository.ts';
import { LOCALES, ROLES, type User, UserCreate } from './user.schemas.ts';

export const SESSION_DAYS = 30;

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    login: r.login,
    name: r.name,
    email: r.email,
    role: r.role,
    locale: r.locale,
    active: r.active === 1,
    createdAt: r.created_at,
  };
}

export const toActor = (r: Pick<UserRow, 'id' | 'role' | 'name' | 'locale'>): Actor => ({
  id: r.id,
  role: r.role,
  name: r.name,
  locale: r.locale,
});

/** Creates a user. `actor` null means the command line, which the machine's owner runs. */
export async function createUser(core: Core, actor: Actor | null, input: UserCreate): Promise<User> {
  if (actor) ensure(actor, 'admin:users');
  const parsed = UserCreate.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('unprocessable', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  }
  const u = parsed.data;
  const db = core.database.db;
  if (await repo.findUserByLogin(db, u.login)) {
    throw new AppError('conflict', `A user with login "${u.login}" already exists`, [
      { path: 'login', message: 'already taken' },
    ]);
  }
  const at = nowIso(core);
  const id = await repo.insertUser(db, {
    login: u.login,
    name: u.name,
    email: u.email ?? null,
    role: u.role,
    locale: u.locale,
    active: 1,
    password_hash: u.password ? await hashPassword(u.password) : null,
    calendar_secret: null,
    digest_opt_in: 0,
    created_at: at,
    updated_at: at,
  });
  const row = await repo.findUserById(db, id);
  if (!row) throw notFound('User');
  return toUser(row);
}

/**
 * When no active administrator exists (a new database), creates the `admin` account. Returns the password to show once, or null when
 * users already exist. The password comes from RELANCE_ADMIN_PASSWORD when set.
 */
export async function ensureFirstAdmin(
  core: Core,
  given: string | undefined,
): Promise<{ login: string; password: string } | null> {
  if (await repo.hasActiveAdmin(core.database.db)) return null;
  if (await repo.findUserByLogin(core.database.db, 'admin')) return null;
  const password = given ?? generatePassword();
  await createUser(core, null, {
    login: 'admin',
    name: 'Administrateur',
    role: 'admin',
    locale: 'fr',
    password,
  });
  return { login: 'admin', password };
}

const TOKEN_PREFIX = 'rl_';

/** Creates an API token for a login; the clear token is returned once and only its hash is kept. */
export async function createToken(core: Core, login: string, name = 'cli'): Promise<string> {
  const user = await repo.findUserByLogin(core.database.db, login);
  if (!user) throw notFound(`User "${login}"`);
  if (user.active !== 1) throw new AppError('conflict', `User "${login}" is deactivated`);
  const token = TOKEN_PREFIX + randomSecret();
  await repo.insertToken(core.database.db, user.id, name, sha256(token), nowIso(core));
  return token;
}

export async function listTokensOf(core: Core, login: string) {
  const user = await repo.findUserByLogin(core.database.db, login);
  if (!user) throw notFound(`User "${login}"`);
  const rows = await repo.listTokens(core.database.db, user.id);
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  }));
}

export async function revokeTokenById(core: Core, tokenId: number): Promise<void> {
  if ((await repo.revokeToken(core.database.db, tokenId, nowIso(core))) === 0)
    throw notFound(`Active token ${tokenId}`);
}

export async function actorFromToken(core: Core, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = await repo.findUserByTokenHash(core.database.db, sha256(token));
  if (row?.active !== 1) return null;
  // Record use at most once an hour so that reads stay reads.
  const now = core.clock.now();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 3_600_000) {
    await repo.touchToken(core.database.db, row.token_id, now.toISOString());
  }
  return toActor(row);
}

export async function login(core: Core, loginName: string, password: string): Promise<UserRow | null> {
  const user = await repo.findUserByLogin(core.database.db, loginName.trim());
  // Verify even for unknown users so that timing does not reveal which logins exist.
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !ok || user.active !== 1) return null;
  return user;
}

export interface NewSession {
  cookie: string;
  csrf: string;
  expiresAt: string;
}

export async function createSession(core: Core, userId: number): Promise<NewSession> {
  const id = randomSecret();
  const cookie = sign(core.secret, id);
  const csrf = randomSecret();
  const now = DateTime.fromJSDate(core.clock.now());
  const expiresAt = now.plus({ days: SESSION_DAYS }).toUTC().toISO() ?? '';
  await repo.insertSession(core.database.db, {
    id: sha256(id),
    user_id: userId,
    csrf_token: csrf,
    created_at: now.toUTC().toISO() ?? '',
    expires_at: expiresAt,
  });
  return { cookie, csrf, expiresAt };
}

export async function resolveSession(
  core: Core,
  cookie: string,
): Promise<{ actor: Actor; csrf: string } | null> {
  const id = cookie.length <= 200 ? unsign(core.secret, cookie) : null;
  if (!id) return null;
  const row = await repo.findSession(core.database.db, sha256(id));
  if (row?.active !== 1 || Date.parse(row.expires_at) < core.clock.now().getTime()) return null;
  return { actor: toActor(row), csrf: row.csrf_token };
}

export async function endSession(core: Core, cookie: string): Promise<void> {
  const id = unsign(core.secret, cookie);
  if (id) await repo.deleteSession(core.database.db, sha256(id));
}

export async function getMe(core: Core, actor: Actor): Promise<User> {
  const row = await repo.findUserById(core.database.db, actor.id);
  if (!row) throw notFound('User');
  return toUser(row);
}

// ---- Administration of accounts and settings (the /admin pages) ----

/** Every account, for the administrator's page. */
export async function listUsers(core: Core, actor: Actor): Promise<User[]> {
  ensure(actor, 'admin:users');
  return (await repo.listUsers(core.database.db)).map(toUser);
}

export interface UserChoice {
  id: number;
  name: string;
  role: User['role'];
  active: boolean;
}

/** Names of colleagues for pickers and filters (sales rep of a customer): every logged-in user may read them. */
export async function listUserChoices(core: Core): Promise<UserChoice[]> {
  return (await repo.listUserNames(core.database.db)).map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    active: r.active === 1,
  }));
}

async function targetUser(core: Core, actor: Actor, id: number): Promise<UserRow> {
  ensure(actor, 'admin:users');
  const row = await repo.findUserById(core.database.db, id);
  if (!row) throw notFound('User');
  return row;
}

/** Refuses a change that would leave the installation without an active administrator. */
async function keepAnAdmin(core: Core, target: UserRow, stillAdmin: boolean): Promise<void> {
  if (stillAdmin || target.role !== 'admin' || target.active !== 1) return;
  const others = (await repo.listUsers(core.database.db)).filter(
    (u) => u.id !== target.id && u.role === 'admin' && u.active === 1,
  );
  if (others.length === 0)
    throw new AppError('conflict', 'This is the last active administrator; make someone else admin first', [
      { path: 'role', message: 'last active administrator' },
    ]);
}

async function changeUser(
  core: Core,
  actor: Actor,
  before: UserRow,
  set: Omit<UserUpdate, 'updated_at'>,
  after: Record<string, unknown>,
  endSessions: boolean,
): Promise<User> {
  const at = nowIso(core);
  await core.database.db.transaction().execute(async (tx) => {
    await repo.updateUser(tx, before.id, { ...set, updated_at: at });
    if (endSessions) await repo.deleteSessionsOfUser(tx, before.id);
    await recordAudit(tx, {
      entity: 'user',
      entityId: before.id,
      action: 'update',
      userId: actor.id,
      at,
      before: toUser(before),
      after,
    });
  });
  const row = await repo.findUserById(core.database.db, before.id);
  if (!row) throw notFound('User');
  return toUser(row);
}

export async function setRole(core: Core, actor: Actor, id: number, role: string): Promise<User> {
  const parsed = z.enum(ROLES).safeParse(role);
  if (!parsed.success) throw unprocessable('role', `Unknown role "${role}"; use one of ${ROLES.join(', ')}`);
  const before = await targetUser(core, actor, id);
  if (before.role === parsed.data) return toUser(before);
  await keepAnAdmin(core, before, parsed.data === 'admin');
  return changeUser(core, actor, before, { role: parsed.data }, { role: parsed.data }, false);
}

/** Deactivating also ends the user's web sessions at once; API tokens stop working while inactive. */
export async function setActive(core: Core, actor: Actor, id: number, active: boolean): Promise<User> {
  const before = await targetUser(core, actor, id);
  if ((before.active === 1) === active) return toUser(before);
  if (!active && before.id === actor.id)
    throw new AppError('conflict', 'You cannot deactivate your own account', [
      { path: 'active', message: 'your own account' },
    ]);
  if (!active) await keepAnAdmin(core, before, false);
  return changeUser(core, actor, before, { active: active ? 1 : 0 }, { active }, !active);
}

/** Sets a new generated password, ends the user's sessions, and returns the password to show once. */
export async function resetPassword(core: Core, actor: Actor, id: number): Promise<string> {
  const before = await targetUser(core, actor, id);
  const password = generatePassword();
  await changeUser(
    core,
    actor,
    before,
    { password_hash: await hashPassword(password) },
    { password: 'reset' },
    before.id !== actor.id,
  );
  return password;
}

/** Each user chooses their own language. */
export async function setLocale(core: Core, actor: Actor, locale: string): Promise<User> {
  const parsed = z.enum(LOCALES).safeParse(locale);
  if (!parsed.success) throw unprocessable('locale', `Unknown language "${locale}"; use fr or en`);
  const before = await repo.findUserById(core.database.db, actor.id);
  if (!before) throw notFound('User');
  return changeUser(core, actor, before, { locale: parsed.data }, { locale: parsed.data }, false);
}

/** The setting "sales see all customers" (off by default). */
export async function getSalesSeeAll(core: Core): Promise<boolean> {
  return (await getSetting(core.database.db, 'sales_see_all')) === 'true';
}

export async function setSalesSeeAll(core: Core, actor: Actor, value: boolean): Promise<void> {
  ensure(actor, 'admin:settings');
  const before = await getSalesSeeAll(core);
  const at = nowIso(core);
  await core.database.db.transaction().execute(async (tx) => {
    await setSetting(tx, 'sales_see_all', value ? 'true' : 'false');
    await recordAudit(tx, {
      entity: 'setting',
      entityId: 0,
      action: 'update',
      userId: actor.id,
      at,
      before: { salesSeeAll: before },
      after: { salesSeeAll: value },
    });
  });
}
