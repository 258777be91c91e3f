// The /api/v1 application: authentication, every module's routes, the OpenAPI document and its docs page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { registerCustomerApi } from '../modules/customers/customer.api.ts';
import { registerDashboardApi } from '../modules/dashboard/dashboard.api.ts';
import { registerFollowupApi } from '../modules/followups/followup.api.ts';
import { registerOrderApi } from '../modules/orders/order.api.ts';
import { registerUserApi } from '../modules/users/user.api.ts';
import type { AppEnv } from './app-env.ts';
import { authenticate } from './authenticate.ts';
import { validationHook } from './problem.ts';

export function createApiRouter(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from `relance token create --login LOGIN`',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'relance_session',
    description: 'The web session; writes also need the x-csrf-token header',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Relance API',
      version: '1',
      description: 'Order follow-ups: record them, list them, and know which orders to chase today.',
    },
    servers: [{ url: '/api/v1' }],
  });
  api.use('*', async (c, next) => {
    if (c.req.path.endsWith('/openapi.json')) return next();
    return authenticate(c, next);
  });
  registerFollowupApi(api);
  registerOrderApi(api);
  registerCustomerApi(api);
  registerDashboardApi(api);
  registerUserApi(api);
  return api;
}

const swaggerDir = join(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'), '..');

/** Interactive docs at /api/docs, served from the swagger-ui-dist package (no CDN). */
export function docsPage(): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Relance API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body></html>`;
}

export const docsInitScript = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui' });`;

const docsAssets = new Map<string, { body: Buffer; type: string }>();
export function docsAsset(name: string): { body: Buffer; type: string } | null {
  if (name !== 'swagger-ui.css' && name !== 'swagger-ui-bundle.js') return null;
  let asset = docsAssets.get(name);
  if (!asset) {
    asset = {
      body: readFileSync(join(swaggerDir, name)),
      type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
    };
    docsAssets.set(name, asset);
  }
  return asset;
}
