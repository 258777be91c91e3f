// SQL for the morning digest: who opted in, and the (user, day) claims that make one server the only sender.
import type { Executor } from '../../db/database.ts';
import type { DigestSendRow } from '../../db/schema/digest-sends.table.ts';
import type { UserRow } from '../../db/schema/users.table.ts';

export const listDigestRecipients = (db: Executor): Promise<UserRow[]> =>
  db
    .selectFrom('users')
    .selectAll()
    .where('active', '=', 1)
    .where('digest_opt_in', '=', 1)
    .orderBy('id')
    .execute();

export async function setDigestOptIn(db: Executor, userId: number, on: boolean, at: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ digest_opt_in: on ? 1 : 0, updated_at: at })
    .where('id', '=', userId)
    .execute();
}

export interface Claim {
  userId: number;
  day: string;
  token: string;
  at: string;
}

/**
 * Claims the (user, day) digest. The insert succeeds for exactly one caller (primary key); a row left
 * `failed` before `failedBefore`, or stuck `sending` before `sendingBefore` (its server died), is taken
 * over by a conditional update, which also succeeds for exactly one caller. True when this caller won.
 */
export async function claimDigest(
  db: Executor,
  claim: Claim,
  retake: { failedBefore: string; sendingBefore: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('digest_sends')
    .values({
      user_id: claim.userId,
      day: claim.day,
      status: 'sending',
      claim_token: claim.token,
      claimed_at: claim.at,
    })
    .onConflict((oc) => oc.columns(['user_id', 'day']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  const taken = await db
    .updateTable('digest_sends')
    .set((eb) => ({
      status: 'sending',
      claim_token: claim.token,
      claimed_at: claim.at,
      finished_at: null,
      attempts: eb('attempts', '+', 1),
    }))
    .where('user_id', '=', claim.userId)
    .where('day', '=', claim.day)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'failed'), eb('claimed_at', '<=', retake.failedBefore)]),
        eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', retake.sendingBefore)]),
      ]),
    )
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/** Ends a claim: only its holder can (a claim taken over after it went stale is no longer ours). */
export async function finishDigest(
  db: Executor,
  claim: Claim,
  outcome: { status: 'sent' | 'empty'; items: number } | { status: 'failed'; error: string },
  at: string,
): Promise<void> {
  await db
    .updateTable('digest_sends')
    .set({
      status: outcome.status,
      items: outcome.status === 'failed' ? 0 : outcome.items,
      error: outcome.status === 'failed' ? outcome.error.slice(0, 1000) : null,
      finished_at: at,
    })
    .where('user_id', '=', claim.userId)
    .where('day', '=', claim.day)
    .where('claim_token', '=', claim.token)
    .execute();
}

export const findDigestSend = (
  db: Executor,
  userId: number,
  day: string,
): Promise<DigestSendRow | undefined> =>
  db
    .selectFrom('digest_sends')
    .selectAll()
    .where('user_id', '=', userId)
    .where('day', '=', day)
    .executeTakeFirst();

/** Opted-in active users with an address and no settled row for the day: the scheduler's cheap "anything left?". */
export async function countUnclaimedRecipients(db: Executor, day: string): Promise<number> {
  const r = await db
    .selectFrom('users as u')
    .leftJoin('digest_sends as d', (j) => j.onRef('d.user_id', '=', 'u.id').on('d.day', '=', day))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('u.active', '=', 1)
    .where('u.digest_opt_in', '=', 1)
    .where('u.email', 'is not', null)
    .where('u.email', '<>', '')
    .where((eb) => eb.or([eb('d.user_id', 'is', null), eb('d.status', 'in', ['failed', 'sending'])]))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
