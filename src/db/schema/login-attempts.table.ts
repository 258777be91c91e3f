// Row types of the `login_attempts` table: one row per failed login, kept for the rate-limit window.
import type { Generated, Insertable, Selectable } from 'kysely';

export interface LoginAttemptsTable {
  id: Generated<number>;
  /** sha256 of the lower-cased, trimmed login that was typed. */
  login_hash: string;
  /** sha256 of the client address. */
  ip_hash: string;
  at: string;
}

export type LoginAttemptRow = Selectable<LoginAttemptsTable>;
export type NewLoginAttemptRow = Insertable<LoginAttemptsTable>;
