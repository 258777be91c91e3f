// JSON API of orders: /orders and /orders/{id}.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../api/app-env.ts';
import {
  jsonBody,
  jsonContent,
  noContent,
  readErrors,
  security,
  writeErrors,
} from '../../api/openapi-helpers.ts';
import { IdParam, page } from '../../shared/schemas.ts';
import { Order, OrderCreate, OrderListQuery, OrderPatch } from './order.schemas.ts';
import * as service from './order.service.ts';

const tags = ['Orders'];

export function registerOrderApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/orders',
      tags,
      security,
      summary: 'List orders',
      request: { query: OrderListQuery },
      responses: { 200: jsonContent(page(Order).openapi('OrderPage'), 'A page of orders'), ...readErrors },
    }),
    async (c) => c.json(await service.listOrders(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/orders',
      tags,
      security,
      summary: 'Create an order',
      request: jsonBody(OrderCreate),
      responses: { 201: jsonContent(Order, 'The new order'), ...writeErrors },
    }),
    async (c) => {
      const created = await service.createOrder(c.get('ctx'), c.get('actor'), c.req.valid('json'));
      c.header('location', `/api/v1/orders/${created.id}`);
      return c.json(created, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/orders/{id}',
      tags,
      security,
      summary: 'Get an order',
      request: { params: IdParam },
      responses: { 200: jsonContent(Order, 'The order'), ...readErrors },
    }),
    async (c) => c.json(await service.getOrder(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/orders/{id}',
      tags,
      security,
      summary: 'Change an order',
      request: { params: IdParam, ...jsonBody(OrderPatch) },
      responses: { 200: jsonContent(Order, 'The changed order'), ...writeErrors },
    }),
    async (c) =>
      c.json(
        await service.updateOrder(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/orders/{id}',
      tags,
      security,
      summary: 'Delete an order (refused while it has follow-ups)',
      request: { params: IdParam },
      responses: { ...noContent, ...writeErrors },
    }),
    async (c) => {
      await service.deleteOrder(c.get('ctx'), c.get('actor'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
