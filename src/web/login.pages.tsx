// /login and /logout: the web session's start and end, with the login rate limit.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../api/app-env.ts';
import {
  checkLoginAllowed,
  clientAddress,
  recordLoginFailure,
  recordLoginSuccess,
} from '../auth/login-throttle.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';
import { createSession, endSession, login } from '../modules/users/user.service.ts';
import type { Translate } from './i18n/i18n.ts';
import { Layout } from './layout.tsx';
import { toHtml } from './render.ts';
import {
  clearSessionCookie,
  csrfOk,
  requireLogin,
  safeNext,
  setLanguage,
  setSessionCookie,
} from './web-auth.ts';

/** The client's address: the socket's peer, or X-Forwarded-For behind trusted proxies. */
function requestAddress(c: Context<AppEnv>): string {
  let socket: string | undefined;
  try {
    socket = getConnInfo(c).remote.address;
  } catch {
    // No Node socket (app.request() in tests): X-Forwarded-For or "unknown".
  }
  return clientAddress(c.req.header('x-forwarded-for'), socket, c.get('ctx').config.RELANCE_TRUST_PROXY);
}

function LoginForm(props: { t: Translate; next: string; login?: string; error?: string }) {
  const { t } = props;
  return (
    <article class="login">
      <h1>{t('login.title')}</h1>
      {props.error ? (
        <p role="alert" class="field-error">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/login">
        <input type="hidden" name="next" value={props.next} />
        <label>
          {t('login.login')}
          <input name="login" autocomplete="username" required value={props.login ?? ''} autofocus />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit">{t('login.submit')}</button>
      </form>
    </article>
  );
}

export function registerLoginPages(app: Hono<AppEnv>): void {
  app.get('/login', (c) => {
    setLanguage(c, undefined);
    const t = c.get('t');
    return c.html(
      toHtml(
        <Layout t={t} locale={c.get('locale')} title={t('login.title')}>
          <LoginForm t={t} next={safeNext(c.req.query('next'))} />
        </Layout>,
      ),
    );
  });

  app.post('/login', async (c) => {
    setLanguage(c, undefined);
    const t = c.get('t');
    const form = await c.req.parseBody();
    const loginName = typeof form.login === 'string' ? form.login : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    const ctx = c.get('ctx');
    const address = requestAddress(c);
    const verdict = await checkLoginAllowed(ctx, loginName, address);
    if (!verdict.allowed) {
      // Refused before the password is even checked, so that guessing gains nothing while blocked.
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      return c.html(
        toHtml(
          <Layout t={t} locale={c.get('locale')} title={t('login.title')}>
            <LoginForm t={t} next={next} login={loginName} error={t('login.tooMany')} />
          </Layout>,
        ),
        429,
      );
    }
    const user = loginName && password ? await login(ctx, loginName, password) : null;
    if (!user) {
      if (loginName && password) await recordLoginFailure(ctx, loginName, address);
      return c.html(
        toHtml(
          <Layout t={t} locale={c.get('locale')} title={t('login.title')}>
            <LoginForm t={t} next={next} login={loginName} error={t('login.failed')} />
          </Layout>,
        ),
        401,
      );
    }
    await recordLoginSuccess(ctx, loginName);
    setSessionCookie(c, await createSession(ctx, user.id));
    return c.redirect(next, 303);
  });

  app.post('/logout', requireLogin, async (c) => {
    const form = await c.req.parseBody();
    if (!csrfOk(c, form)) return c.redirect('/', 303);
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) await endSession(c.get('ctx'), cookie);
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });
}
