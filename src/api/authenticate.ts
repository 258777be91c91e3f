// API authentication: a bearer token, or the web session cookie plus its CSRF token for writes.
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { safeEqual } from '../auth/secrets.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/session-cookie.ts';
import { actorFromToken, resolveSession } from '../modules/users/user.service.ts';
import { AppError } from '../shared/errors.ts';
import type { AppEnv } from './app-env.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const ctx = c.get('ctx');
  const header = c.req.header('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match?.[1] ? await actorFromToken(ctx, match[1]) : null;
    if (!actor) throw new AppError('unauthorized', 'The API token is missing, malformed, unknown or revoked');
    c.set('actor', actor);
    c.set('csrf', undefined);
    return next();
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  const session = cookie ? await resolveSession(ctx, cookie) : null;
  if (!session)
    throw new AppError('unauthorized', 'Authenticate with "Authorization: Bearer <token>" or log in');
  if (!SAFE_METHODS.has(c.req.method)) {
    const sent = c.req.header(CSRF_HEADER) ?? '';
    if (!safeEqual(sent, session.csrf))
      throw new AppError('forbidden', `Cookie-authenticated writes need the ${CSRF_HEADER} header`);
  }
  c.set('actor', session.actor);
  c.set('csrf', session.csrf);
  return next();
});
