// Row types of the `users` table and its credentials (API tokens, web sessions).
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'admin' | 'manager' | 'sales' | 'viewer';
export type Locale = 'fr' | 'en';

export interface UsersTable {
  id: Generated<number>;
  login: string;
  name: string;
  email: string | null;
  role: Role;
  locale: Locale;
  /** 1 or 0: booleans are integers on both dialects so rows have one shape. */
  active: number;
  password_hash: string | null;
  /** Secret part of the user's calendar feed URL; null when revoked. */
  calendar_secret: string | null;
  digest_opt_in: number;
  created_at: string;
  updated_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** sha256 of the token: tokens carry 256 random bits, so a fast hash is enough. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SessionsTable {
  /** sha256 of the cookie value. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
