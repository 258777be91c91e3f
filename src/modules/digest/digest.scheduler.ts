// The digest's scheduled run inside `relance serve`: a tick every minute sends the day's digests once the
// hour is reached. Every server may run it; the claims in digest_sends make exactly one of them send each one.
import { DateTime } from 'luxon';
import type { AppContext } from '../../context.ts';
import { startTicker } from '../../shared/ticker.ts';
import { type Mailer, mailerFromConfig } from './digest.mailer.ts';
import { countUnclaimedRecipients } from './digest.repository.ts';
import { type DigestRunReport, getDigestHour, sendDigests } from './digest.service.ts';

export const TICK_MS = 60_000;
/** After a failure, the scheduler waits this long before trying that digest again. */
export const RETRY_FAILED_AFTER_MS = 10 * 60_000;

type Log = (line: string) => void;

/**
 * One tick: before the hour (deployment time zone), or when every opted-in user is settled for today,
 * it does nothing; otherwise it sends what is left. Returns the run's report, or null when nothing ran.
 */
export async function digestTick(ctx: AppContext, mailer: Mailer): Promise<DigestRunReport | null> {
  const now = DateTime.fromJSDate(ctx.clock.now()).setZone(ctx.clock.zone);
  if (now.hour < (await getDigestHour(ctx))) return null;
  const day = now.toISODate() ?? '';
  if ((await countUnclaimedRecipients(ctx.database.db, day)) === 0) return null;
  return sendDigests(ctx, mailer, { day, retryFailedAfterMs: RETRY_FAILED_AFTER_MS });
}

export function describeRun(r: DigestRunReport): string {
  const parts = [`${r.sent.length} sent`];
  if (r.empty.length) parts.push(`${r.empty.length} with nothing due`);
  if (r.alreadyDone.length) parts.push(`${r.alreadyDone.length} already sent`);
  if (r.noEmail.length) parts.push(`${r.noEmail.length} without an e-mail address (${r.noEmail.join(', ')})`);
  if (r.failed.length) parts.push(`${r.failed.length} failed`);
  if (r.notTried.length) parts.push(`${r.notTried.length} not tried`);
  return `Morning digest of ${r.day}: ${parts.join(', ')}.`;
}

/**
 * Starts the scheduled digest; returns a function that stops it and waits for a tick in progress.
 * Without SMTP_URL there is nothing to send with: it says so once and does nothing.
 */
export function startDigestScheduler(
  ctx: AppContext,
  options: { log?: Log; error?: Log; intervalMs?: number; mailer?: Mailer } = {},
): () => Promise<void> {
  const log = options.log ?? console.log;
  const error = options.error ?? console.error;
  if (!options.mailer && !ctx.config.SMTP_URL) {
    log('Morning digest: off, SMTP_URL is not set.');
    return async () => {};
  }
  let mailer: Mailer;
  try {
    mailer = options.mailer ?? mailerFromConfig(ctx.config);
  } catch (err) {
    error(`Morning digest: off, ${err instanceof Error ? err.message : String(err)}`);
    return async () => {};
  }
  const stop = startTicker(options.intervalMs ?? TICK_MS, () =>
    digestTick(ctx, mailer)
      .then((report) => {
        if (!report) return;
        const line = describeRun(report);
        if (report.failed.length)
          error(`${line} ${report.failed.map((f) => `${f.login}: ${f.error}`).join('; ')}`);
        else if (report.sent.length) log(line);
      })
      .catch((err: unknown) =>
        error(`Morning digest failed: ${err instanceof Error ? err.message : String(err)}`),
      ),
  );
  return async () => {
    await stop();
    if (!options.mailer) mailer.close();
  };
}
