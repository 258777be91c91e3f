// Web sessions for pages: who is logged in, in which language, and the CSRF check of every form.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../api/app-env.ts';
import { safeEqual } from '../auth/secrets.ts';
import { CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE } from '../auth/session-cookie.ts';
import { type NewSession, resolveSession, SESSION_DAYS } from '../modules/users/user.service.ts';
import { isLocale, type Locale, translator } from './i18n/i18n.ts';

/** Sets locale and translator: ?lang= for this page, else the user's locale, else the browser's, else French. */
export function setLanguage(c: Context<AppEnv>, userLocale: Locale | undefined): void {
  const asked = c.req.query('lang');
  const browser = c.req.header('accept-language')?.toLowerCase().startsWith('en') ? 'en' : 'fr';
  const locale: Locale = isLocale(asked) ? asked : (userLocale ?? browser);
  c.set('locale', locale);
  c.set('t', translator(locale));
}

/** The current page in the other language, with its query (filters, sort, page) kept. */
export function languageHref(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  url.searchParams.set('lang', c.get('locale') === 'fr' ? 'en' : 'fr');
  return `${url.pathname}${url.search}`;
}

const isHttps = (c: Context) =>
  c.req.header('x-forwarded-proto') === 'https' || new URL(c.req.url).protocol === 'https:';

export function setSessionCookie(c: Context, session: NewSession): void {
  setCookie(c, SESSION_COOKIE, session.cookie, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** Pages behind login: redirects to /login (keeping where the user was going) when there is no session. */
export const requireLogin = createMiddleware<AppEnv>(async (c, next) => {
  const cookie = getCookie(c, SESSION_COOKIE);
  const session = cookie ? await resolveSession(c.get('ctx'), cookie) : null;
  if (!session) {
    const url = new URL(c.req.url);
    const target = c.req.method === 'GET' ? url.pathname + url.search : '/';
    return c.redirect(`/login?next=${encodeURIComponent(target)}`, 303);
  }
  c.set('actor', session.actor);
  c.set('csrf', session.csrf);
  setLanguage(c, session.actor.locale);
  return next();
});

/** True when a form (or an htmx request's header) carries the session's CSRF token. */
export function csrfOk(c: Context<AppEnv>, form: Record<string, unknown>): boolean {
  const expected = c.get('csrf');
  if (!expected) return false;
  const sent =
    typeof form[CSRF_FIELD] === 'string' ? (form[CSRF_FIELD] as string) : (c.req.header(CSRF_HEADER) ?? '');
  return safeEqual(sent, expected);
}

/** Only same-site paths are accepted as a post-login destination. */
export function safeNext(next: string | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}
