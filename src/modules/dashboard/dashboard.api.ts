// JSON API of the dashboard counts.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../api/app-env.ts';
import { jsonContent, readErrors, security } from '../../api/openapi-helpers.ts';
import { getDashboard } from './dashboard.service.ts';

const Counts = z.object({
  overdue: z.number().int().openapi({ description: 'Open orders whose next follow-up date has passed' }),
  dueToday: z.number().int().openapi({ description: 'Open orders to follow up today' }),
  dueThisWeek: z.number().int().openapi({ description: 'Open orders due from today to Sunday' }),
  doneToday: z.number().int(),
  doneThisWeek: z.number().int().openapi({ description: 'Follow-ups made since Monday' }),
});

const Dashboard = Counts.extend({
  today: z.string().openapi({ format: 'date', description: "Today in the deployment's time zone" }),
  team: Counts.optional().openapi({ description: 'The whole team, for roles that see all customers' }),
}).openapi('Dashboard');

export function registerDashboardApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/dashboard',
      tags: ['Dashboard'],
      security,
      summary: "The caller's counts (orders assigned to them; follow-ups they made), and the team's",
      responses: { 200: jsonContent(Dashboard, 'Counts'), ...readErrors },
    }),
    async (c) => c.json(await getDashboard(c.get('ctx'), c.get('actor')), 200),
  );
}
