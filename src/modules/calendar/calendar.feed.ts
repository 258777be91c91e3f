// GET /calendar/{secret}.ics: the feed calendar applications subscribe to. No session: the secret is the key.
import type { Hono } from 'hono';
import type { AppEnv } from '../../api/app-env.ts';
import { calendarFeed } from './calendar.service.ts';
import { publicBase } from './links.ts';

export function registerCalendarFeed(app: Hono<AppEnv>): void {
  app.get('/calendar/:file', async (c) => {
    const file = c.req.param('file');
    const ctx = c.get('ctx');
    const body = file.endsWith('.ics')
      ? await calendarFeed(ctx, file.slice(0, -'.ics'.length), publicBase(ctx.config, c.req.url))
      : null;
    if (body === null) {
      // Unknown, replaced, turned off or deactivated: the same answer, which tells nothing about which.
      return c.text('No calendar at this address. Copy the current one from Relance.\n', 404, {
        'cache-control': 'no-store',
      });
    }
    return c.body(body, 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'inline; filename="relance.ics"',
      'cache-control': 'private, max-age=300',
    });
  });
}
