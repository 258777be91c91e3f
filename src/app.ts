// Builds the HTTP application: API under /api/v1, its docs, and the web pages, over one shared context.

import type { Context } from 'hono';
import { Hono } from 'hono';
import { createApiRouter, docsAsset, docsInitScript, docsPage } from './api/api-router.ts';
import type { AppEnv } from './api/app-env.ts';
import { problemResponse, toAppError } from './api/problem.ts';
import type { AppContext } from './context.ts';
import { registerCalendarFeed } from './modules/calendar/calendar.feed.ts';
import { registerCalendarPages } from './modules/calendar/calendar.pages.tsx';
import { AppError } from './shared/errors.ts';
import { securityHeaders } from './web/security-headers.ts';
import { registerWeb } from './web/web-router.tsx';

export function handleError(err: Error, c: Context): Response {
  const appError = toAppError(err);
  if (appError) return problemResponse(appError);
  console.error(`[relance] ${c.req.method} ${c.req.path} failed:`, err);
  return problemResponse(new AppError('unavailable', 'Something went wrong on our side; it has been logged'));
}

export function createApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('ctx', ctx);
    await next();
  });
  app.use('*', securityHeaders());
  app.onError(handleError);
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? problemResponse(new AppError('not_found', `No API route ${c.req.method} ${c.req.path}`))
      : c.html(
          '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404</title></head><body><h1>404</h1><p><a href="/">Relance</a></p></body></html>',
          404,
        ),
  );

  const api = createApiRouter();
  api.onError(handleError);
  app.route('/api/v1', api);

  app.get('/api/docs', (c) => c.html(docsPage()));
  app.get('/api/docs/init.js', (c) => c.body(docsInitScript, 200, { 'content-type': 'text/javascript' }));
  app.get('/api/docs/:file', (c) => {
    const asset = docsAsset(c.req.param('file'));
    if (!asset) return c.notFound();
    return c.body(new Uint8Array(asset.body), 200, {
      'content-type': asset.type,
      'cache-control': 'public, max-age=86400',
    });
  });
  app.get('/healthz', (c) => c.json({ ok: true }));
  // The calendar feed has no session: its secret URL is the credential.
  registerCalendarFeed(app);
  registerCalendarPages(app);
  registerWeb(app);
  return app;
}
