// The morning e-mail's part of the user's settings page: opt in or out, and (administrators) the hour.
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../api/app-env.ts';
import { type Actor, can } from '../../auth/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import { Field, invalid } from '../../web/components/form.tsx';
import type { Translate } from '../../web/i18n/i18n.ts';
import { CsrfField } from '../../web/layout.tsx';
import { csrfOk, requireLogin } from '../../web/web-auth.ts';
import type { PageProblem } from '../calendar/calendar.pages.tsx';
import { type DigestSettings, setDigestHour, setDigestOptIn } from './digest.service.ts';

export type DigestNotice = 'digest-saved' | 'hour-saved';

export const digestNotice = (done: string | undefined): DigestNotice | null =>
  done === 'digest-saved' || done === 'hour-saved' ? done : null;

export function DigestSection(props: {
  t: Translate;
  /** The page the section sits on: its forms post under it. */
  page: string;
  actor: Actor;
  csrf: string | undefined;
  settings: DigestSettings;
  smtpConfigured: boolean;
  notice: DigestNotice | null;
  hourError?: string | undefined;
  hourValue?: string | undefined;
}) {
  const { t, settings: s } = props;
  const hourErrors = props.hourError ? { digestHour: props.hourError } : undefined;
  return (
    <section aria-labelledby="digest-heading">
      <h2 id="digest-heading">{t('digest.heading')}</h2>
      <p>{t('digest.intro', { hour: s.hour, zone: s.zone })}</p>
      {props.notice ? (
        <p role="status" class="notice">
          {t('digest.saved')}
        </p>
      ) : null}
      {!props.smtpConfigured ? (
        <p>
          <small>{t('digest.noSmtp')}</small>
        </p>
      ) : null}
      {s.email ? null : (
        <p>
          <small>{t('digest.noEmail')}</small>
        </p>
      )}
      <p>{s.optIn && s.email ? t('digest.on', { email: s.email }) : t('digest.off')}</p>
      <form method="post" action={`${props.page}/digest`}>
        <CsrfField csrf={props.csrf} />
        <label>
          <input type="checkbox" name="optIn" value="1" checked={s.optIn} />
          {t('digest.optIn')}
        </label>
        <button type="submit">{t('digest.save')}</button>
      </form>
      {can(props.actor, 'admin:settings') ? (
        <form method="post" action={`${props.page}/digest-hour`}>
          <CsrfField csrf={props.csrf} />
          <Field
            label={t('digest.hour')}
            name="digestHour"
            errors={hourErrors}
            hint={t('digest.hourHint', { zone: s.zone })}
          >
            <input
              type="number"
              name="digestHour"
              min="0"
              max="23"
              step="1"
              required
              value={props.hourValue ?? String(s.hour)}
              {...invalid(hourErrors, 'digestHour')}
            />
          </Field>
          <button type="submit" class="secondary">
            {t('digest.save')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

type Rerender = (c: Context<AppEnv>, problem?: PageProblem) => Response | Promise<Response>;

export function registerDigestForms(app: Hono<AppEnv>, o: { page: string; rerender: Rerender }): void {
  app.post(`${o.page}/digest`, requireLogin, async (c) => {
    const form = await c.req.parseBody();
    if (!csrfOk(c, form)) return o.rerender(c, { status: 403, error: c.get('t')('error.csrf') });
    await setDigestOptIn(c.get('ctx'), c.get('actor'), form.optIn === '1' || form.optIn === 'on');
    return c.redirect(`${o.page}?done=digest-saved`, 303);
  });

  app.post(`${o.page}/digest-hour`, requireLogin, async (c) => {
    const form = await c.req.parseBody();
    const t = c.get('t');
    if (!csrfOk(c, form)) return o.rerender(c, { status: 403, error: t('error.csrf') });
    const hour = typeof form.digestHour === 'string' ? form.digestHour : '';
    try {
      await setDigestHour(c.get('ctx'), c.get('actor'), hour);
    } catch (err) {
      if (err instanceof AppError && err.code === 'forbidden') {
        return o.rerender(c, { status: 403, error: t('error.forbidden') });
      }
      if (err instanceof AppError && err.code === 'unprocessable') {
        return o.rerender(c, { status: 422, hourError: t('digest.hourInvalid'), hourValue: hour });
      }
      throw err;
    }
    return c.redirect(`${o.page}?done=hour-saved`, 303);
  });
}
