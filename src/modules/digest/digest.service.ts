// The morning digest: for each user who opted in, an e-mail of their overdue and today's follow-ups.
// Sending claims (user, day) in the database first, so that several servers never send one digest twice.
import { randomBytes } from 'node:crypto';
import { type Actor, ensure } from '../../auth/permissions.ts';
import { scopeFor } from '../../auth/scope.ts';
import type { AppContext } from '../../context.ts';
import { type Core, nowIso } from '../../core.ts';
import type { UserRow } from '../../db/schema/users.table.ts';
import { dayWindows } from '../../shared/clock.ts';
import { notFound, unprocessable } from '../../shared/errors.ts';
import { type AgendaRow, countAgenda, listAgenda } from '../calendar/agenda.repository.ts';
import { orderLink, publicBase } from '../calendar/links.ts';
import { getSetting, setSetting } from '../settings/settings.repository.ts';
import { findUserById } from '../users/user.repository.ts';
import { toActor } from '../users/user.service.ts';
import type { DigestItem, RenderedMail } from './digest.mail.tsx';
import { renderDigest } from './digest.mail.tsx';
import { MailError, type Mailer } from './digest.mailer.ts';
import * as repo from './digest.repository.ts';

export const DEFAULT_DIGEST_HOUR = 7;
/** Items listed per section; the counts stay exact and a link leads to the rest. */
export const DIGEST_LIST_MAX = 50;
/**
 * A claim still `sending` after this long belongs to a server that died: another may take it over. It is
 * far longer than the mailer's own time-outs, so a live sender is never overtaken.
 */
export const STALE_CLAIM_MS = 15 * 60_000;

export const SETTINGS_PATH = '/me/calendar';

export interface Digest {
  userId: number;
  login: string;
  name: string;
  email: string | null;
  locale: 'fr' | 'en';
  day: string;
  overdueCount: number;
  todayCount: number;
  mail: RenderedMail;
}

/** The user's digest for `day`, or null when nothing is due (no e-mail then). */
export async function buildDigest(
  core: Core,
  user: UserRow,
  day: string,
  base: string,
): Promise<Digest | null> {
  const db = core.database.db;
  const scope = await scopeFor(core, toActor(user));
  const [overdueCount, todayCount] = await Promise.all([
    countAgenda(db, user.id, scope, { before: day }),
    countAgenda(db, user.id, scope, { from: day, to: day }),
  ]);
  if (overdueCount + todayCount === 0) return null;
  const [overdue, today] = await Promise.all([
    overdueCount ? listAgenda(db, user.id, scope, { before: day }, DIGEST_LIST_MAX) : [],
    todayCount ? listAgenda(db, user.id, scope, { from: day, to: day }, DIGEST_LIST_MAX) : [],
  ]);
  const item = (r: AgendaRow): DigestItem => ({ ...r, link: orderLink(base, r.orderId) });
  const mail = await renderDigest({
    name: user.name,
    locale: user.locale,
    day,
    overdue: overdue.map(item),
    overdueCount,
    today: today.map(item),
    todayCount,
    allLink: `${base}/queue`,
    settingsLink: `${base}${SETTINGS_PATH}`,
  });
  return {
    userId: user.id,
    login: user.login,
    name: user.name,
    email: user.email,
    locale: user.locale,
    day,
    overdueCount,
    todayCount,
    mail,
  };
}

/** Every opted-in user's digest for the day (default today), without sending anything: for `relance digest`. */
export async function previewDigests(ctx: AppContext, day = dayWindows(ctx.clock).today): Promise<Digest[]> {
  const base = publicBase(ctx.config);
  const out: Digest[] = [];
  for (const user of await repo.listDigestRecipients(ctx.database.db)) {
    const d = await buildDigest(ctx, user, day, base);
    if (d) out.push(d);
  }
  return out;
}

export interface DigestRunReport {
  day: string;
  sent: string[];
  /** Nothing due: no e-mail, and none later that day. */
  empty: string[];
  /** Already sent (or being sent) by this or another server. */
  alreadyDone: string[];
  noEmail: string[];
  failed: { login: string; error: string }[];
  /** Not tried because the SMTP server could not be reached; the next run tries them. */
  notTried: string[];
}

export interface SendOptions {
  day?: string;
  /** A failed digest is tried again only once its failure is this old (the scheduler waits; the CLI does not). */
  retryFailedAfterMs?: number;
}

/**
 * Sends every opted-in user's digest for the day, each at most once across all servers and runs:
 * claim (insert on conflict do nothing) → build → send → mark sent. A refused message marks the claim
 * failed, so that a later run retries it; an unreachable SMTP server stops the run at once.
 */
export async function sendDigests(
  ctx: AppContext,
  mailer: Mailer,
  o: SendOptions = {},
): Promise<DigestRunReport> {
  const db = ctx.database.db;
  const day = o.day ?? dayWindows(ctx.clock).today;
  const base = publicBase(ctx.config);
  const report: DigestRunReport = {
    day,
    sent: [],
    empty: [],
    alreadyDone: [],
    noEmail: [],
    failed: [],
    notTried: [],
  };
  let stopped = false;
  for (const user of await repo.listDigestRecipients(db)) {
    if (stopped) {
      report.notTried.push(user.login);
      continue;
    }
    if (!user.email) {
      report.noEmail.push(user.login);
      continue;
    }
    const now = ctx.clock.now().getTime();
    const claim: repo.Claim = {
      userId: user.id,
      day,
      token: randomBytes(12).toString('hex'),
      at: new Date(now).toISOString(),
    };
    const won = await repo.claimDigest(db, claim, {
      failedBefore: new Date(now - (o.retryFailedAfterMs ?? 0)).toISOString(),
      sendingBefore: new Date(now - STALE_CLAIM_MS).toISOString(),
    });
    if (!won) {
      report.alreadyDone.push(user.login);
      continue;
    }
    try {
      const digest = await buildDigest(ctx, user, day, base);
      if (!digest) {
        await repo.finishDigest(db, claim, { status: 'empty', items: 0 }, nowIso(ctx));
        report.empty.push(user.login);
        continue;
      }
      await mailer.send({ to: formatAddress(user.name, user.email), ...digest.mail });
      await repo.finishDigest(
        db,
        claim,
        { status: 'sent', items: digest.overdueCount + digest.todayCount },
        nowIso(ctx),
      );
      report.sent.push(user.login);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await repo.finishDigest(db, claim, { status: 'failed', error }, nowIso(ctx));
      report.failed.push({ login: user.login, error });
      if (!(err instanceof MailError) || err.connection) stopped = true;
    }
  }
  return report;
}

/** `"Name" <address>` with the name quoted, so that commas or accents in it cannot split the address. */
function formatAddress(name: string, email: string): string {
  return `"${name.replace(/["\\\r\n]/g, ' ')}" <${email}>`;
}

export async function getDigestHour(core: Core): Promise<number> {
  const raw = await getSetting(core.database.db, 'digest_hour');
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 23 ? n : DEFAULT_DIGEST_HOUR;
}

/** The hour of the digest, for the whole deployment, in its time zone: administrators only. */
export async function setDigestHour(core: Core, actor: Actor, hour: string | number): Promise<number> {
  ensure(actor, 'admin:settings');
  const n = typeof hour === 'number' ? hour : /^\s*\d{1,2}\s*$/.test(hour) ? Number(hour) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 23)
    throw unprocessable('digestHour', 'must be a whole hour from 0 to 23');
  await setSetting(core.database.db, 'digest_hour', String(n));
  return n;
}

export interface DigestSettings {
  optIn: boolean;
  email: string | null;
  hour: number;
  zone: string;
}

export async function getDigestSettings(core: Core, actor: Actor): Promise<DigestSettings> {
  const row = await findUserById(core.database.db, actor.id);
  if (!row) throw notFound('User');
  return {
    optIn: row.digest_opt_in === 1,
    email: row.email,
    hour: await getDigestHour(core),
    zone: core.clock.zone,
  };
}

/** Each user opts in or out for themselves. */
export async function setDigestOptIn(core: Core, actor: Actor, on: boolean): Promise<void> {
  await repo.setDigestOptIn(core.database.db, actor.id, on, nowIso(core));
}
