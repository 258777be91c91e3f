// The customer as the API speaks it, and the inputs that create, change and list customers.
import { z } from '@hono/zod-openapi';
import { Id, ListQueryBase } from '../../shared/schemas.ts';

export const CUSTOMER_KINDS = ['customer', 'prospect'] as const;

export const Customer = z
  .object({
    id: Id,
    code: z.string().nullable(),
    name: z.string(),
    kind: z.enum(CUSTOMER_KINDS),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    town: z.string().nullable(),
    country: z.string().nullable(),
    salesRepId: Id.nullable(),
    externalId: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Customer');
export type Customer = z.infer<typeof Customer>;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const CustomerCreate = z
  .strictObject({
    code: optionalText(60),
    name: z.string().trim().min(1).max(200),
    kind: z.enum(CUSTOMER_KINDS).default('customer'),
    email: z.email().nullable().optional(),
    phone: optionalText(40),
    town: optionalText(120),
    country: optionalText(60),
    salesRepId: Id.nullable().optional(),
    externalId: optionalText(120),
  })
  .openapi('CustomerCreate');
export type CustomerCreate = z.infer<typeof CustomerCreate>;

export const CustomerPatch = CustomerCreate.partial().openapi('CustomerPatch');
export type CustomerPatch = z.infer<typeof CustomerPatch>;

export const CUSTOMER_SORTS = ['id', 'name', 'code', 'kind', 'town', 'createdAt', 'updatedAt'] as const;

export const CustomerListQuery = z.strictObject({
  ...ListQueryBase,
  sort: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: `One of ${CUSTOMER_SORTS.join(', ')}; - for descending. Default name.` }),
  kind: z.enum(CUSTOMER_KINDS).optional(),
  salesRepId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;
