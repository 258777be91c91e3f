// JSON API of customers: /customers and /customers/{id}.
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
import { Customer, CustomerCreate, CustomerListQuery, CustomerPatch } from './customer.schemas.ts';
import * as service from './customer.service.ts';

const tags = ['Customers'];

export function registerCustomerApi(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers',
      tags,
      security,
      summary: 'List customers and prospects',
      request: { query: CustomerListQuery },
      responses: {
        200: jsonContent(page(Customer).openapi('CustomerPage'), 'A page of customers'),
        ...readErrors,
      },
    }),
    async (c) => c.json(await service.listCustomers(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/customers',
      tags,
      security,
      summary: 'Create a customer',
      request: jsonBody(CustomerCreate),
      responses: { 201: jsonContent(Customer, 'The new customer'), ...writeErrors },
    }),
    async (c) => {
      const created = await service.createCustomer(c.get('ctx'), c.get('actor'), c.req.valid('json'));
      c.header('location', `/api/v1/customers/${created.id}`);
      return c.json(created, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers/{id}',
      tags,
      security,
      summary: 'Get a customer',
      request: { params: IdParam },
      responses: { 200: jsonContent(Customer, 'The customer'), ...readErrors },
    }),
    async (c) =>
      c.json(await service.getCustomer(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/customers/{id}',
      tags,
      security,
      summary: 'Change a customer',
      request: { params: IdParam, ...jsonBody(CustomerPatch) },
      responses: { 200: jsonContent(Customer, 'The changed customer'), ...writeErrors },
    }),
    async (c) =>
      c.json(
        await service.updateCustomer(
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
      path: '/customers/{id}',
      tags,
      security,
      summary: 'Delete a customer (refused while it has orders or follow-ups)',
      request: { params: IdParam },
      responses: { ...noContent, ...writeErrors },
    }),
    async (c) => {
      await service.deleteCustomer(c.get('ctx'), c.get('actor'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
