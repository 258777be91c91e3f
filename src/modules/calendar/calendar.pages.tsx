// /me/calendar: the user's calendar address (see, copy, create, replace, turn off) and their morning e-mail.
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../api/app-env.ts';
import { renderPage } from '../../web/components/page-kit.tsx';
import { CsrfField } from '../../web/layout.tsx';
import { csrfOk, requireLogin } from '../../web/web-auth.ts';
import { DigestSection, digestNotice, registerDigestForms } from '../digest/digest.pages.tsx';
import { getDigestSettings } from '../digest/digest.service.ts';
import {
  calendarPath,
  getCalendarSecret,
  regenerateCalendarSecret,
  revokeCalendarSecret,
} from './calendar.service.ts';
import { publicBase } from './links.ts';

export const CALENDAR_PAGE = '/me/calendar';

type Notice = 'created' | 'revoked';

export interface PageProblem {
  status: 403 | 422;
  /** Shown at the top (e.g. an expired form). */
  error?: string;
  /** Shown next to the digest hour field. */
  hourError?: string;
  hourValue?: string;
}

async function renderCalendarPage(c: Context<AppEnv>, problem?: PageProblem) {
  const ctx = c.get('ctx');
  const t = c.get('t');
  const actor = c.get('actor');
  const [secret, settings] = await Promise.all([
    getCalendarSecret(ctx, actor),
    getDigestSettings(ctx, actor),
  ]);
  const url = secret ? `${publicBase(ctx.config, c.req.url)}${calendarPath(secret)}` : null;
  const done = c.req.query('done');
  const notice: Notice | null = done === 'created' || done === 'revoked' ? done : null;
  const digestDone = digestNotice(c.req.query('done'));
  const csrf = c.get('csrf');
  return renderPage(
    c,
    { title: t('calendar.title'), path: CALENDAR_PAGE, status: problem?.status ?? 200 },
    <>
      <h1>{t('calendar.title')}</h1>
      {problem?.error ? (
        <p role="alert" class="field-error">
          {problem.error}
        </p>
      ) : null}
      <section aria-labelledby="feed-heading">
        <h2 id="feed-heading">{t('calendar.feed.heading')}</h2>
        <p>{t('calendar.feed.intro')}</p>
        {notice ? (
          <p role="status" class="notice">
            {t(notice === 'created' ? 'calendar.feed.created' : 'calendar.feed.revoked')}
          </p>
        ) : null}
        {url ? (
          <>
            <label>
              {t('calendar.feed.url')}
              <input type="text" readonly value={url} id="calendar-url" data-copy="" />
            </label>
            <p>
              <a href={url.replace(/^https?:/, 'webcal:')}>{t('calendar.feed.open')}</a> ·{' '}
              <small>{t('calendar.feed.howto')}</small>
            </p>
            <p>
              <small>{t('calendar.feed.warning')}</small>
            </p>
            <div class="grid">
              <form method="post" action={`${CALENDAR_PAGE}/regenerate`}>
                <CsrfField csrf={csrf} />
                <button type="submit" class="secondary">
                  {t('calendar.feed.regenerate')}
                </button>
                <small>{t('calendar.feed.regenerateHint')}</small>
              </form>
              <form method="post" action={`${CALENDAR_PAGE}/revoke`}>
                <CsrfField csrf={csrf} />
                <button type="submit" class="secondary outline">
                  {t('calendar.feed.revoke')}
                </button>
              </form>
            </div>
          </>
        ) : (
          <>
            <p>{t('calendar.feed.none')}</p>
            <form method="post" action={`${CALENDAR_PAGE}/regenerate`}>
              <CsrfField csrf={csrf} />
              <button type="submit">{t('calendar.feed.create')}</button>
            </form>
          </>
        )}
      </section>
      <DigestSection
        t={t}
        page={CALENDAR_PAGE}
        actor={actor}
        csrf={csrf}
        settings={settings}
        smtpConfigured={Boolean(ctx.config.SMTP_URL)}
        notice={digestDone}
        hourError={problem?.hourError}
        hourValue={problem?.hourValue}
      />
    </>,
  );
}

const csrfProblem = (c: Context<AppEnv>): PageProblem => ({ status: 403, error: c.get('t')('error.csrf') });

export function registerCalendarPages(app: Hono<AppEnv>): void {
  app.get(CALENDAR_PAGE, requireLogin, (c) => renderCalendarPage(c));

  app.post(`${CALENDAR_PAGE}/regenerate`, requireLogin, async (c) => {
    if (!csrfOk(c, await c.req.parseBody())) return renderCalendarPage(c, csrfProblem(c));
    await regenerateCalendarSecret(c.get('ctx'), c.get('actor'));
    return c.redirect(`${CALENDAR_PAGE}?done=created`, 303);
  });

  app.post(`${CALENDAR_PAGE}/revoke`, requireLogin, async (c) => {
    if (!csrfOk(c, await c.req.parseBody())) return renderCalendarPage(c, csrfProblem(c));
    await revokeCalendarSecret(c.get('ctx'), c.get('actor'));
    return c.redirect(`${CALENDAR_PAGE}?done=revoked`, 303);
  });

  registerDigestForms(app, { page: CALENDAR_PAGE, rerender: renderCalendarPage });
}
