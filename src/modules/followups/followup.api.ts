// JSON API of follow-ups: /followups, /followups/{id}, and the per-order and per-customer lists.
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
import { getCustomer } from '../customers/customer.service.ts';
import { getOrder } from '../orders/order.service.ts';
import { Followup, FollowupCreate, FollowupListQuery, FollowupPatch } from './followup.schemas.ts';
import * as service from './followup.service.ts';

const tags = ['Follow-ups'];
const FollowupPage = page(Followup).openapi('FollowupPage');

export function registerFollowupApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/followups',
      tags,
      security,
      summary: 'List follow-ups',
      request: { query: FollowupListQuery },
      responses: { 200: jsonContent(FollowupPage, 'A page of follow-ups'), ...readErrors },
    }),
    async (c) => c.json(await service.listFollowups(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/followups',
      tags,
      security,
      summary: 'Record a follow-up',
      request: jsonBody(FollowupCreate),
      responses: { 201: jsonContent(Followup, 'The recorded follow-up'), ...writeErrors },
    }),
    async (c) => {
      const f = await service.createFollowup(c.get('ctx'), c.get('actor'), c.req.valid('json'));
      c.header('location', `/api/v1/followups/${f.id}`);
      return c.json(f, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/followups/{id}',
      tags,
      security,
      summary: 'Get a follow-up',
      request: { params: IdParam },
      responses: { 200: jsonContent(Followup, 'The follow-up'), ...readErrors },
    }),
    async (c) =>
      c.json(await service.getFollowup(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/followups/{id}',
      tags,
      security,
      summary: 'Change a follow-up',
      request: { params: IdParam, ...jsonBody(FollowupPatch) },
      responses: { 200: jsonContent(Followup, 'The changed follow-up'), ...writeErrors },
    }),
    async (c) =>
      c.json(
        await service.updateFollowup(
          c.get('ctx'),
          c.get('actor'),
          c.req.valid('param').id,
          c.req.valid('json'),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/followups/{id}',
      tags,
      security,
      summary: 'Delete a follow-up (soft delete, kept in the audit trail)',
      request: { params: IdParam },
      responses: { ...noContent, ...writeErrors },
    }),
    async (c) => {
      await service.deleteFollowup(c.get('ctx'), c.get('actor'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  const NestedQuery = FollowupListQuery.omit({ orderId: true });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/orders/{id}/followups',
      tags,
      security,
      summary: "List an order's follow-ups",
      request: { params: IdParam, query: NestedQuery },
      responses: { 200: jsonContent(FollowupPage, 'A page of follow-ups'), ...readErrors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const actor = c.get('actor');
      const order = await getOrder(ctx, actor, c.req.valid('param').id);
      return c.json(
        await service.listFollowups(ctx, actor, { ...c.req.valid('query'), orderId: order.id }),
        200,
      );
    },
  );

  const CustomerNestedQuery = FollowupListQuery.omit({ customerId: true });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers/{id}/followups',
      tags,
      security,
      summary: "List the follow-ups of a customer's orders",
      request: { params: IdParam, query: CustomerNestedQuery },
      responses: { 200: jsonContent(FollowupPage, 'A page of follow-ups'), ...readErrors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const actor = c.get('actor');
      const customer = await getCustomer(ctx, actor, c.req.valid('param').id);
      return c.json(
        await service.listFollowups(ctx, actor, { ...c.req.valid('query'), customerId: customer.id }),
        200,
      );
    },
  );
}
