// JSON API of the caller's own account.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../api/app-env.ts';
import { jsonContent, readErrors, security } from '../../api/openapi-helpers.ts';
import { User } from './user.schemas.ts';
import { getMe } from './user.service.ts';

export function registerUserApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/users/me',
      tags: ['Users'],
      security,
      summary: 'The authenticated user',
      responses: { 200: jsonContent(User, 'The caller'), ...readErrors },
    }),
    async (c) => c.json(await getMe(c.get('ctx'), c.get('actor')), 200),
  );
}
