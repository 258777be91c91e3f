// Row types of the `digest_sends` table: one morning digest per user and day, claimed before it is sent.
import type { Generated, Insertable, Selectable } from 'kysely';

/** sending: claimed, being built or sent; sent; failed: may be claimed again; empty: nothing was due. */
export type DigestStatus = 'sending' | 'sent' | 'failed' | 'empty';

export interface DigestSendsTable {
  user_id: number;
  /** The deployment's calendar day the digest is for (YYYY-MM-DD). */
  day: string;
  status: DigestStatus;
  claim_token: string;
  attempts: Generated<number>;
  /** Overdue and today's follow-ups listed (0 for empty). */
  items: Generated<number>;
  claimed_at: string;
  finished_at: string | null;
  error: string | null;
}

export type DigestSendRow = Selectable<DigestSendsTable>;
export type NewDigestSendRow = Insertable<DigestSendsTable>;
